package app

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/format"
)

// Locker is the part of vugu's EventEnv the app needs to update state from
// worker goroutines: take the lock, then release it with or without a render.
type Locker interface {
	Lock()
	UnlockOnly()
	UnlockRender()
}

// RunSummary is one training run's outcome on the validation split.
type RunSummary struct {
	Model, Preset, Dataset string
	Seed                   uint64
	Stopped                bool // stopped by the visitor before the settings' end
	Epochs                 [2]int
	Seconds                float64 // the slower worker's training time
	Report                 experiment.Report
	GMM                    *experiment.Report
	// Failed says why the run failed (experiment.JudgeClass: a flow diverged
	// or did worse than a single Gaussian), with a suggestion; "" if sound.
	Failed string
}

// Evaluation is a classifier scored on the validation split.
type Evaluation struct {
	T       []float64    // t = ln p0 − ln p1 per validation row
	LogProb [2][]float64 // ln p per validation row under each class flow
	Rows    *data.Dataset
	Labels  []int             // the rows' classes (Rows.Y)
	N0, N1  int               // training counts, for the prior cut
	Report  experiment.Report // at cut 0 and the prior cut
	GMMT    []float64         // the GMM Bayes baseline's t, if computed
	GMM     *experiment.Report
}

// App is the page's state and the actions the views call. Every field is
// read and written under the render lock (vugu's EventEnv); worker messages
// take the lock through Env.
type App struct {
	State State    // what the URL hash restores
	Notes []string // repairs made to the URL hash when it was read
	// Status is the one-line status under the header; Err the current error.
	Status, Err string

	Bundled   *data.Dataset // the RR Lyrae data once loaded
	Data      *data.Dataset // the dataset in use
	DataLabel string        // how the page names it

	Session *client.Session // the current or last training run
	// Shown is the classifier the inspector and the Classify view show.
	Shown Classifier
	// Runs lists every finished or stopped training run of this visit, for
	// comparing seeds and settings; newest last.
	Runs []RunSummary
	// Sweep is the latest "run several seeds", nil before any.
	Sweep *Sweep

	Env     Locker
	NewConn client.ConnFactory
	// Cores is the number of logical cores to plan workers for (the page
	// sets navigator.hardwareConcurrency); 0 means 1.
	Cores    int
	OnChange func() // called after state changes that should reach the URL hash

	endedRun bool              // the last SetData ended a training run in progress
	judging  *client.Session   // the session whose flows are being judged, nil if none
	trace    *Trace            // the batch-loss trace and speed of Session
	baseline *baselineJob      // the latest GMM baseline fit, nil before any
	eval     *client.Evaluator // scores the shown classifier
	runEval  *client.Evaluator // scores the current run (Session.Scorer)
	memos    map[any]any       // the views' memories (see Memo)
	memoMu   sync.Mutex        // guards memos
	split    *experiment.Split
	splitKey string
	scoreGen int // incremented by setEval, so a stale scoring result is dropped
	// scoringsEnded counts background scorings that ended, used or dropped.
	scoringsEnded int
	pretrained    *savedPair
	mu            sync.Mutex // guards dirty and lastRender (taken inside the render lock)
	dirty         bool
	lastDraw      time.Time
	renderGap     time.Duration
}

// NewApp returns an app in the state a URL hash describes.
func NewApp(hash string) *App {
	s, notes := Decode(hash)
	return &App{State: s, Notes: notes, renderGap: 100 * time.Millisecond}
}

// Dim is the current dataset's number of features (0 before data).
func (a *App) Dim() int {
	if a.Data == nil {
		return 0
	}
	return a.Data.Dim
}

// SetData makes d the dataset in use. Trained flows that do not fit its
// features are dropped, and a training run in progress (running or paused)
// is ended and forgotten: it learned the previous data, so neither its flows
// nor its scores may be shown beside the new one.
func (a *App) SetData(d *data.Dataset, label, key string) {
	a.endedRun = a.Training()
	if a.endedRun {
		a.Reset()
	}
	// Flows carry over only to data with the same features that is not
	// another teaching set: a two-moons classifier says nothing about rings.
	keep := a.Shown.Flows[0] != nil && a.Shown.Flows[0].Dim() == d.Dim && (a.Data == nil || sameNames(a.Data.Names, d.Names)) &&
		(key == a.State.Dataset || key == DatasetUpload || key == DatasetBundled)
	if !keep {
		a.Shown = Classifier{}
	}
	a.setEval(nil)
	a.Data, a.DataLabel = d, label
	a.State.Dataset = key
	if a.State.PairX >= d.Dim || a.State.PairY >= d.Dim || a.State.PairX == a.State.PairY {
		a.State.PairX, a.State.PairY = 0, 1
	}
	switch {
	case a.Shown.Flows[0] != nil:
		// Flows for the same features score the new data's validation split.
		a.ScoreShown()
	case a.pretrained != nil && (d == a.Bundled || key == DatasetUpload && sameNames(d.Names, a.pretrained.pair.Features)):
		// Back on the bundled data, or a file of its features: show the
		// pretrained flows again.
		a.AdoptPair(a.pretrained.pair, a.pretrained.flows, a.pretrained.label)
	}
	a.changed()
}

// DataStatus sets the status line after new data is in use, saying also
// when its arrival ended a training run.
func (a *App) DataStatus(text string) {
	if a.endedRun {
		text += " The training run in progress was ended, since it was learning the previous data: train again to learn this data."
		a.endedRun = false
	}
	a.Status = text
}

// savedPair is a classifier kept aside, with how the page names it.
type savedPair struct {
	pair  *experiment.Pair
	flows [2]*flow.Flow
	label string
}

// SetPretrained keeps the pretrained classifier for the bundled data and
// shows it when the bundled data is in use and no other flows are shown.
func (a *App) SetPretrained(p *experiment.Pair, flows [2]*flow.Flow, label string) {
	a.pretrained = &savedPair{pair: p, flows: flows, label: label}
	if a.Shown.Flows[0] == nil && a.Data != nil && a.Data == a.Bundled {
		a.AdoptPair(p, flows, label)
	}
}

func sameNames(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// Split returns the per-class 80/10/10 split of the current data for the
// current seed, computed once per (dataset, seed).
func (a *App) Split() experiment.Split {
	key := fmt.Sprintf("%p/%d", a.Data, a.State.Seed)
	if a.split == nil || a.splitKey != key {
		s := experiment.SplitData(a.Data, data.PaperSplit, a.State.Seed)
		a.split, a.splitKey = &s, key
	}
	return *a.split
}

// Training reports whether a training run is in progress (possibly paused).
func (a *App) Training() bool {
	return a.Session != nil && (a.Session.Phase == client.PhaseTraining || a.Session.Phase == client.PhaseScoring)
}

// Train starts training both class flows with the current settings,
// replacing any previous run and ending a sweep of seeds.
func (a *App) Train() error {
	a.CancelSweep()
	return a.train()
}

// train starts one training run with the current settings and seed.
func (a *App) train() error {
	if a.Data == nil {
		return a.fail(errors.New("no data is loaded yet"))
	}
	setup, err := a.State.Setup(a.Data.Dim)
	if err != nil {
		return a.fail(fmt.Errorf("the settings are not valid: %w", err))
	}
	return a.trainWith(setup)
}

// trainWith starts one training run of setup with the current seed.
func (a *App) trainWith(setup experiment.Setup) error {
	split := a.Split()
	for c := range 2 {
		if split.Test.Class(c).Len() == 0 || split.Train.Class(c).Len() == 0 {
			return a.fail(fmt.Errorf("the %s class has too few rows to split into training and test sets (need at least 10)", a.ClassName(c)))
		}
	}
	a.closeSession()
	bgWorkers := a.BackgroundWorkers()
	var conns [2]client.Conn
	for c := range 2 {
		deliver := func(m client.Message) { a.deliver(c, m) }
		var conn client.Conn
		var err error
		if k := setup.Settings[c].Members; k >= 2 && k <= client.MaxParallelMembers && (c == 1 || bgWorkers == 1) {
			// An ensemble's flows train at once, one per worker: the same
			// flows as one after the other, in about 1/k of the time when
			// there are cores for them.
			conn, err = client.StartMembers(a.NewConn, c, k, deliver)
		} else {
			conn, err = a.NewConn(c, deliver)
		}
		if err != nil {
			for _, k := range conns {
				if k != nil {
					k.Close()
				}
			}
			return a.fail(fmt.Errorf("could not start a training worker: %w", err))
		}
		conns[c] = conn
	}
	a.Err = ""
	a.Session = client.NewSession(setup, split, a.State.Seed, conns)
	// The run is scored, and its GMM baseline fitted, by an evaluator of
	// its own (the shown classifier's may be busy with an import); phase
	// changes arrive from worker messages and from its answers alike.
	a.runEval = a.newEvaluator()
	a.Session.Scorer = a.runEval
	a.Session.OnPhase = func(s *client.Session) {
		if a.Session == s {
			a.safely("ending a training run", func() { a.phaseChanged(s) })
		}
	}
	// The background flow has ~190× the rows of the RR Lyrae flow, so it gets
	// the data-parallel helpers; the RR Lyrae flow trains in one worker.
	a.Session.Workers = [2]int{bgWorkers, 1}
	a.Session.Start()
	a.Status = fmt.Sprintf("Training the %s and %s flows (%s, %s preset)…", a.ClassName(0), a.ClassName(1), ModelLabel(setup.Config.Model), a.State.Preset)
	return nil
}

// BackgroundWorkers is how many workers compute each background batch:
// State.Workers when set; else, for flows big enough to gain from sharing a
// batch (at least MinParallelParams parameters), one per logical core but one
// (the RR Lyrae worker and the page need some), at most MaxAutoWorkers; else 1.
// Small flows train fastest in one worker: every step copies the parameters
// and gradients across postMessage, which costs more than their compute (the
// quick preset runs at 0.83× with two workers on two cores, README).
func (a *App) BackgroundWorkers() int {
	if a.State.Workers > 0 {
		return a.State.Workers
	}
	if a.Data == nil {
		return 1
	}
	setup, err := a.State.Setup(a.Data.Dim)
	if err != nil {
		return 1
	}
	f, err := flow.New(setup.Config, nil)
	if err != nil || len(f.Params) < MinParallelParams {
		return 1
	}
	cores := max(1, a.Cores)
	return min(MaxAutoWorkers, max(1, cores-1))
}

// Thresholds of the automatic worker count.
const (
	MinParallelParams = 50000
	MaxAutoWorkers    = 4
)

// Reset ends the current training run, if any, and forgets it; a sweep of
// seeds ends with it.
func (a *App) Reset() {
	a.CancelSweep()
	a.closeSession()
}

// closeSession ends the current training run's workers and forgets the run.
func (a *App) closeSession() {
	if a.Session != nil {
		a.Session.Close()
		a.Session = nil
	}
	if a.runEval != nil {
		a.runEval.Close()
		a.runEval = nil
	}
}

// deliver applies a worker message under the render lock, rendering at most
// every renderGap for progress and at once for everything else.
func (a *App) deliver(class int, m client.Message) {
	a.Env.Lock()
	s := a.Session
	if s == nil {
		a.Env.UnlockOnly()
		return
	}
	a.safely("handling a training worker's message", func() {
		tr := a.Trace() // this run's, even if a phase change starts the next
		s.Handle(class, m)
		tr.observe()
	})
	urgent := !client.Throttled(m)
	a.mu.Lock()
	now := time.Now()
	if urgent || now.Sub(a.lastDraw) >= a.renderGap {
		a.lastDraw, a.dirty = now, false
		a.mu.Unlock()
		a.Env.UnlockRender()
		return
	}
	a.dirty = true
	a.mu.Unlock()
	a.Env.UnlockOnly()
}

// Trace returns the batch-loss trace and speed of the current run, started
// afresh when the run changed. The app records it from every worker message,
// so it is complete whatever view is on screen.
func (a *App) Trace() *Trace {
	if a.trace == nil || a.trace.session != a.Session {
		a.trace = &Trace{session: a.Session}
	}
	return a.trace
}

// Flush renders if worker messages arrived since the last render; the page
// calls it on a 100 ms ticker so throttled progress still shows.
func (a *App) Flush() {
	a.mu.Lock()
	dirty := a.dirty
	a.mu.Unlock()
	if !dirty {
		return
	}
	a.Env.Lock()
	a.mu.Lock()
	a.dirty, a.lastDraw = false, time.Now()
	a.mu.Unlock()
	a.Env.UnlockRender()
}

// setupLabel names a run's settings for the shown classifier's label: the
// preset ("quick preset") or "custom settings", and an ensemble's size.
func setupLabel(setup experiment.Setup) string {
	text := setup.Preset + " preset"
	if setup.Preset == PresetCustom {
		text = "custom settings"
	}
	if k := max(setup.Settings[0].Members, setup.Settings[1].Members); k > 1 {
		text += fmt.Sprintf(" (%d flows per class)", k)
	}
	return text
}

// phaseChanged adopts a finished run's flows and evaluation, if the run
// learned the data in use.
func (a *App) phaseChanged(s *client.Session) {
	defer a.sweepPhase(s)
	switch s.Phase {
	case client.PhaseDone, client.PhaseStopped:
		if a.Data == nil || !sameNames(s.Features, a.Data.Names) {
			a.Status = "Training ended; its flows are not shown, since they learned other data than the data in use."
			return
		}
		flows, err := s.Flows()
		if err != nil {
			a.fail(err)
			return
		}
		a.Shown = Classifier{Flows: flows,
			History: [2][]flow.EpochStats{slices.Clone(s.Class[0].History), slices.Clone(s.Class[1].History)},
			Label:   fmt.Sprintf("trained in this page: %s, %s, seed %d", ModelLabel(s.Setup.Config.Model), setupLabel(s.Setup), s.Seed)}
		if s.Class[0].Model != nil && s.Class[1].Model != nil {
			a.Shown.Saved = experiment.NewPair(s.Setup.Preset, s.Seed, s.Features, a.Data.Checksum(),
				[2]*flow.Model{s.Class[0].Model, s.Class[1].Model})
		}
		e := newEvaluation(s.Split, s.T, [2][]float64{s.Class[0].LogProb, s.Class[1].LogProb})
		e.Report, e.GMMT, e.GMM = *s.Report, s.GMMT, s.GMM
		a.setEval(e)
		run := RunSummary{Model: s.Setup.Config.Model, Preset: s.Setup.Preset, Dataset: a.DataLabel, Seed: s.Seed,
			Stopped: s.Phase == client.PhaseStopped, Report: *s.Report, GMM: s.GMM}
		for c := range 2 {
			if d := s.Class[c].Done; d != nil {
				run.Epochs[c] = d.Epochs
				run.Seconds = max(run.Seconds, d.Seconds)
			}
		}
		a.judge(s, run)
	case client.PhaseFailed:
		a.Err = "Training failed: " + s.Err
		a.Status = "Training failed."
	}
}

// AdoptPair shows a saved classifier (pretrained or imported), scoring it on
// the current data's validation split when the features match.
func (a *App) AdoptPair(p *experiment.Pair, flows [2]*flow.Flow, label string) error {
	if a.Data != nil && !sameNames(p.Features, a.Data.Names) {
		return a.fail(fmt.Errorf("the model is for features %s, but the data has %s", strings.Join(p.Features, ", "), strings.Join(a.Data.Names, ", ")))
	}
	a.Shown = Classifier{Flows: flows, Pair: p, Saved: p, Label: label}
	for c, m := range [2]*flow.Model{p.Background, p.RRLyrae} {
		if m != nil {
			a.Shown.History[c] = m.History
		}
	}
	a.setEval(nil)
	if a.Data != nil {
		a.ScoreShown()
	}
	return nil
}

// ExportPair returns the shown classifier as JSON. A pretrained or imported
// classifier is written back exactly as it was read (its own seed, preset,
// settings and training history); one trained in this page is written from
// the workers' final snapshots with the run's own seed and preset.
func (a *App) ExportPair() ([]byte, error) {
	if a.Shown.Flows[0] == nil || a.Shown.Flows[1] == nil {
		return nil, errors.New("there is no trained classifier to export yet")
	}
	p := a.Shown.Saved
	if p == nil {
		return nil, errors.New("the shown classifier has no saved form")
	}
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ImportPair loads an exported classifier. A bad file leaves everything as it was.
func (a *App) ImportPair(b []byte, name string) error {
	p, flows, err := experiment.ReadPair(bytes.NewReader(b))
	if err != nil {
		return a.fail(fmt.Errorf("%s is not a usable Flow Lab model: %w", name, err))
	}
	if err := a.AdoptPair(p, flows, "imported from "+name); err != nil {
		return err
	}
	a.Err = ""
	a.Status = "Imported the classifier from " + name + "."
	return nil
}

// ScoresCSV returns the shown evaluation's validation stars as CSV: their
// features, label, ln p under each flow and t, exactly as scored. It is
// written by data.CSVWriter, so a column name that a spreadsheet would run
// as a formula (=1+1, @SUM(A1)) stays text and names with quotes or commas
// are quoted.
func (a *App) ScoresCSV() ([]byte, error) {
	e := a.Shown.Eval
	if a.Shown.Flows[0] == nil || a.Shown.Flows[1] == nil || e == nil || e.Rows == nil {
		return nil, errors.New("there are no scores yet: train or import a classifier first")
	}
	v, lp0, lp1 := e.Rows, e.LogProb[0], e.LogProb[1]
	var b bytes.Buffer
	w := data.NewCSVWriter(&b)
	w.Write(append(slices.Clone(v.Names), "label", "lnp_background", "lnp_rrlyrae", "t")...)
	row := make([]float64, 0, v.Dim+4)
	for i := range v.Len() {
		row = append(append(row[:0], v.Row(i)...), float64(v.Y[i]), lp0[i], lp1[i], e.T[i])
		w.WriteFloats(nil, row...)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// fail records err for the page and returns it.
func (a *App) fail(err error) error {
	a.Err = format.Clip(err.Error(), maxErrorText)
	return err
}

// changed tells the page that the URL-visible state changed.
func (a *App) changed() {
	if a.OnChange != nil {
		a.OnChange()
	}
}

// Changed is called by views after they edit State.
func (a *App) Changed() { a.changed() }

// ModelLabel names a model kind for people: its family's title.
func ModelLabel(model string) string {
	if f, ok := flow.LookupFamily(model); ok {
		return f.Title
	}
	return model
}

// modelWords are the page's words for a family: the model select's option
// and what its layers are called in a sentence. A family without words
// shows its title.
var modelWords = map[string]struct{ option, layers string }{
	flow.ModelRealNVP: {"Real NVP (affine coupling)", "Real NVP coupling layers"},
	flow.ModelMADE:    {"MADE / MAF (masked autoregressive)", "MADE autoregressive layers"},
	flow.ModelSpline:  {"Neural spline (rational-quadratic coupling)", "rational-quadratic spline coupling layers"},
}

// ModelOption is the model select's text for model, e.g. "Real NVP (affine coupling)".
func ModelOption(model string) string {
	if w, ok := modelWords[model]; ok {
		return w.option
	}
	return ModelLabel(model)
}

// ModelLayers names model's layers in a sentence, e.g. "Real NVP coupling layers".
func ModelLayers(model string) string {
	if w, ok := modelWords[model]; ok {
		return w.layers
	}
	return ModelLabel(model) + " layers"
}
