package app

import (
	"errors"
	"fmt"
	"math"

	"flowlab/flow/experiment"
	"flowlab/wasm/client"
)

// Sweep limits: how many seeds one "run several seeds" may train.
const (
	MinSweepSeeds     = 2
	MaxSweepSeeds     = 20
	DefaultSweepSeeds = 5
)

// Sweep trains the current settings with several seeds, one after another
// (each seed its own split, initial weights and batch order), and records
// each seed's metrics beside the GMM Bayes baseline fitted on the same
// split. Every seed is a normal training run (App.Session), so the Train
// view's progress and the visit's runs table show it as usual.
type Sweep struct {
	Seeds   []uint64 // the seeds, in the order they train
	Model   string
	Preset  string
	Dataset string
	Runs    []SweepRun // the seeds finished so far, in order
	// Ended says how the sweep ended: "" while running, else SweepDone,
	// SweepCancelled or SweepFailed; Err says why it failed.
	Ended, Err string

	setup   experiment.Setup // what every seed trains
	session *client.Session  // the current seed's run
}

// How a Sweep ended.
const (
	SweepDone      = "done"
	SweepCancelled = "cancelled"
	SweepFailed    = "failed"
)

// SweepRun is one seed's numbers on its validation split.
type SweepRun struct {
	Seed    uint64
	Flow    experiment.SeedMetrics
	GMM     *experiment.SeedMetrics // nil when the baseline could not be fitted
	Seconds float64                 // the slower flow's training time
}

// Running reports whether the sweep is still training seeds.
func (s *Sweep) Running() bool { return s != nil && s.Ended == "" }

// Current is the 1-based number of the seed training now (len(Runs)+1).
func (s *Sweep) Current() int { return min(len(s.Runs)+1, len(s.Seeds)) }

// Progress says where the sweep is, e.g. "Seed 3 of 5 (seed 7) is training…".
func (s *Sweep) Progress() string {
	n := len(s.Seeds)
	switch s.Ended {
	case "":
		return fmt.Sprintf("Seed %d of %d (seed %d) is training; %d finished.", s.Current(), n, s.Seeds[s.Current()-1], len(s.Runs))
	case SweepDone:
		return fmt.Sprintf("All %d seeds finished.", n)
	case SweepCancelled:
		return fmt.Sprintf("Cancelled after %d of %d seeds; the table summarises the finished ones.", len(s.Runs), n)
	}
	return fmt.Sprintf("Stopped after %d of %d seeds: %s", len(s.Runs), n, s.Err)
}

// RunSeeds trains the current settings with n consecutive seeds starting at
// the state's seed, one after another (settings edited meanwhile apply to
// the next run, not to the sweep). The state's seed follows the seed
// training, so the page always shows the split and flows of the latest one.
func (a *App) RunSeeds(n int) error {
	if n < MinSweepSeeds || n > MaxSweepSeeds {
		return a.fail(fmt.Errorf("the number of seeds must be between %d and %d", MinSweepSeeds, MaxSweepSeeds))
	}
	if a.Data == nil {
		return a.fail(errors.New("no data is loaded yet"))
	}
	first := a.State.Seed
	if first > math.MaxUint64-uint64(n) {
		return a.fail(fmt.Errorf("seed %d is too large to count %d seeds up from", first, n))
	}
	setup, err := a.State.Setup(a.Data.Dim)
	if err != nil {
		return a.fail(fmt.Errorf("the settings are not valid: %w", err))
	}
	sw := &Sweep{Model: setup.Config.Model, Preset: setup.Preset, Dataset: a.DataLabel, setup: setup}
	for i := range n {
		sw.Seeds = append(sw.Seeds, first+uint64(i))
	}
	a.CancelSweep()
	if err := a.trainWith(setup); err != nil {
		return err
	}
	sw.session = a.Session
	a.Sweep = sw
	a.Status = "Running several seeds: " + sw.Progress()
	return nil
}

// CancelSweep ends the sweep: the seed training now is dropped, the
// finished ones stay in the table.
func (a *App) CancelSweep() {
	if !a.Sweep.Running() {
		return
	}
	a.Sweep.Ended = SweepCancelled
	a.closeSession()
	a.Status = a.Sweep.Progress()
}

// sweepPhase records the end of one seed's run and starts the next seed,
// or ends the sweep. It runs under the render lock from phaseChanged.
func (a *App) sweepPhase(s *client.Session) {
	sw := a.Sweep
	if !sw.Running() || sw.session != s {
		return
	}
	switch s.Phase {
	case client.PhaseTraining, client.PhaseScoring:
		return
	case client.PhaseDone:
	case client.PhaseStopped:
		// Stop during a sweep ends it: a stopped seed did not train as set.
		sw.Ended = SweepCancelled
		a.Status = "Training stopped, so the seeds stop too. " + sw.Progress()
		return
	default:
		sw.Ended, sw.Err = SweepFailed, "the run of seed "+fmt.Sprint(s.Seed)+" failed: "+s.Err
		return
	}
	flows, gmm, ok := s.Metrics()
	if !ok {
		sw.Ended, sw.Err = SweepFailed, "the run of seed "+fmt.Sprint(s.Seed)+" has no scores"
		return
	}
	run := SweepRun{Seed: s.Seed, Flow: flows, GMM: gmm}
	for c := range 2 {
		if d := s.Class[c].Done; d != nil {
			run.Seconds = max(run.Seconds, d.Seconds)
		}
	}
	sw.Runs = append(sw.Runs, run)
	if len(sw.Runs) == len(sw.Seeds) {
		sw.Ended = SweepDone
		a.Status = fmt.Sprintf("%s The flows shown are seed %d's.", sw.Progress(), s.Seed)
		return
	}
	// Start the next seed after this message is handled: the finished run's
	// workers are closed by it.
	next := sw.Seeds[len(sw.Runs)]
	env := a.Env
	go func() {
		env.Lock()
		defer env.UnlockRender()
		if a.Sweep != sw || !sw.Running() || a.Session != s {
			return
		}
		a.State.Seed = next
		a.changed()
		if err := a.trainWith(sw.setup); err != nil {
			sw.Ended, sw.Err = SweepFailed, err.Error()
			return
		}
		sw.session = a.Session
		a.Status = "Running several seeds: " + sw.Progress()
	}()
}

// SweepRow is one metric of the sweep's summary: its mean ± standard
// deviation over the finished seeds for the flows and for the GMM.
type SweepRow struct {
	Key, Name, Help string
	Flow, GMM       experiment.Stat
	HigherIsBetter  bool
}

// Better names the classifier with the better mean ("flows", "GMM" or "").
func (r SweepRow) Better() string {
	f, g := r.Flow.Mean, r.GMM.Mean
	switch {
	case math.IsNaN(f) || math.IsNaN(g) || f == g:
		return ""
	case (f > g) == r.HigherIsBetter:
		return "flows"
	}
	return "GMM"
}

// sweepMetrics are the summary's rows: how each reads a seed's metrics.
var sweepMetrics = []struct {
	key, name, help string
	higher          bool
	get             func(experiment.SeedMetrics) float64
}{
	{"auc", "ROC AUC", "area under the ROC curve: 1 is perfect, 0.5 guessing", true,
		func(m experiment.SeedMetrics) float64 { return m.AUC }},
	{"ap", "average precision", "the precision–recall curve's area: how pure the {1} picks stay as more are found", true,
		func(m experiment.SeedMetrics) float64 { return m.AveragePrecision }},
	{"c10", fmt.Sprintf("completeness at contamination ≤ %g", experiment.ContaminationLimits[0]), "the share of {1s} found while at most this share of the picks are {0s}", true,
		func(m experiment.SeedMetrics) float64 { return m.Completeness[0] }},
	{"c20", fmt.Sprintf("completeness at contamination ≤ %g", experiment.ContaminationLimits[1]), "the same, allowing more {0s} among the picks", true,
		func(m experiment.SeedMetrics) float64 { return m.Completeness[1] }},
	{"nll0", "test NLL, {0} (nats)", "mean −ln p(x) of the validation {0s} under their class's density: lower fits better", false,
		func(m experiment.SeedMetrics) float64 { return m.NLL[0] }},
	{"nll1", "test NLL, {1} (nats)", "mean −ln p(x) of the validation {1s} under their class's density: lower fits better", false,
		func(m experiment.SeedMetrics) float64 { return m.NLL[1] }},
}

// Summary is the mean ± standard deviation over the finished seeds of each
// metric (experiment.StatOf), for the flows and the GMM baseline.
func (s *Sweep) Summary() []SweepRow {
	rows := make([]SweepRow, len(sweepMetrics))
	for i, m := range sweepMetrics {
		fv, gv := s.SeedValues(m.key)
		rows[i] = SweepRow{Key: m.key, Name: m.name, Help: m.help, Flow: experiment.StatOf(fv), GMM: experiment.StatOf(gv), HigherIsBetter: m.higher}
	}
	return rows
}

// SeedValues returns one metric (a SweepRow key) of every finished seed,
// for the flows and the GMM (NaN where it is missing).
func (s *Sweep) SeedValues(key string) (flows, gmm []float64) {
	for _, m := range sweepMetrics {
		if m.key != key {
			continue
		}
		for _, r := range s.Runs {
			flows = append(flows, m.get(r.Flow))
			g := math.NaN()
			if r.GMM != nil {
				g = m.get(*r.GMM)
			}
			gmm = append(gmm, g)
		}
	}
	return flows, gmm
}
