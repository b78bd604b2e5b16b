package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/eval"
	"flowlab/flow/experiment"
)

// reproduceOpts are the flags of "flowlab reproduce".
type reproduceOpts struct {
	modelFlags
	json      bool   // -json: one JSON object on stdout instead of tables
	out       string // -o: directory for the models and scores
	seeds     string // -seeds: a seed list; runs every seed and summarises
	jobs      int    // -jobs: seeds trained at once
	bits      int    // -bits: pair.json compact with parameters rounded to this many significant bits (0: every bit)
	setupFile string // -setup: a JSON experiment.Setup replacing the preset
	members   int    // -members: flows per class, averaged in density (0: the setup's)
}

// reproduceFlags defines the flags of "flowlab reproduce" on a new FlagSet.
func reproduceFlags(o *reproduceOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	o.register(fs)
	fs.BoolVar(&o.json, "json", false, "print one JSON object on stdout instead of the tables (progress stays on stderr); non-finite numbers are written as null")
	fs.StringVar(&o.out, "o", "", "also write `dir`/background.json and dir/rrlyrae.json (the trained flows, readable by score), dir/pair.json (both flows as one classifier, which the web page imports) and dir/scores.csv (index, label, lnp0, lnp1, t, t_gmm for every evaluated star; index is the 0-based data row of the CSV, t_gmm the GMM Bayes statistic); with -seeds, one directory dir/seed-N per seed")
	fs.StringVar(&o.seeds, "seeds", "", "run every seed of the `list` (e.g. 1-10, 3,7,9 or 1-5,9) instead of -seed, and print one row per seed and the mean ± standard deviation over seeds of each metric, for the flows and the GMM")
	fs.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "with -seeds, train this many `seeds` at once (default: the number of CPUs)")
	fs.IntVar(&o.bits, "bits", 0, "with -o, write pair.json compact, each parameter rounded to `N` significant bits (24: float32's precision, about half the bytes; 10: the page's pretrained flows, about a third; 0: every bit); background.json and rrlyrae.json keep every bit")
	fs.IntVar(&o.members, "members", 0, fmt.Sprintf("train an ensemble of `K` flows per class (1–%d), each from its own initialisation and batch order, and classify by the mean of their densities (flow.Ensemble); about K times the training time; default: the preset's (Quick: 2, paper: 1) or the setup's TrainSettings.Members", flow.MaxMembers))
	fs.StringVar(&o.setupFile, "setup", "", "read the architecture and training settings from a JSON `file` (the \"setup\" object of reproduce -json) instead of -preset and -model, for experiments")
	return fs
}

// runReproduce is the "reproduce" command.
func runReproduce(ctx context.Context, args []string, e env) error {
	var o reproduceOpts
	if err := parseFlags(reproduceFlags(&o), args, e.stdout); err != nil {
		return err
	}
	path, err := dataPath(o.data, e)
	if err != nil {
		return err
	}
	o.data = path
	if o.bits < 0 || o.bits > 53 {
		return usageError{fmt.Errorf("-bits %d: a float64 has 1 to 53 significant bits (0 keeps them all)", o.bits)}
	}
	if o.seeds != "" {
		return reproduceSeeds(ctx, o, e.stdout, e.stderr)
	}
	return reproduce(ctx, o, e.stdout, e.stderr)
}

// rrNames are the class names reproduce prints.
var rrNames = [2]string{"background", "RR Lyrae"}

// classRun is how the flow of one class was trained.
type classRun struct {
	Started   bool
	Epochs    int
	MaxEpochs int
	Steps     int
	Reason    string // a flow.Reason… constant, or "not started"
	Seconds   float64
	History   []flow.EpochStats
}

// classifier is the evaluation of one classifier on the evaluation split.
type classifier struct {
	Report experiment.Report
	Err    string // why there is no Report ("" if there is)
}

// reproduceResult is everything reproduce reports.
type reproduceResult struct {
	Model, Preset, Split, Decay string
	Seed                        uint64
	DataPath, Checksum          string
	Names                       []string
	Rows                        struct{ Data, Train, Test, Eval [2]int }
	EvalSet                     string // "validation" or "test"
	Setup                       experiment.Setup
	FlowDesc                    string
	KS                          []float64
	Classes                     [2]classRun
	Flow, GMM                   classifier
	FlowMetrics, GMMMetrics     experiment.SeedMetrics // only when the classifier has a Report
	GMMSeconds, Seconds         float64
	Cancelled                   bool
}

// seedRun is one seed's trained flows and evaluation, for the report and
// the output files.
type seedRun struct {
	r             *reproduceResult
	flows         [2]*flow.Flow
	trainers      [2]*flow.Trainer
	evalSet       *data.Dataset
	split         experiment.Split
	lp0, lp1, t   []float64
	tGMM          []float64
	trained       bool
	trainErr, err error // the error that ended training; the evaluation's error
}

// reproduce runs the whole experiment on the CSV at o.data, with progress on
// stderr and the report on stdout. It returns the error that ended training
// (wrapping flow.ErrCancelled on Ctrl-C) after reporting what was done.
func reproduce(ctx context.Context, o reproduceOpts, stdout, stderr io.Writer) error {
	d, setup, err := o.load()
	if err != nil {
		return err
	}
	run, err := runSeed(ctx, o, d, setup, o.seed, stderr, true)
	if err != nil {
		return err
	}
	if o.json {
		err = writeReproduceJSON(stdout, run.r)
	} else {
		err = writeReproduceText(stdout, run.r)
	}
	if err != nil {
		return err
	}
	if o.out != "" && run.trained {
		if err := writeRunOutputs(o.out, o, d, run, stderr); err != nil {
			return err
		}
	}
	if run.trainErr != nil {
		return run.trainErr
	}
	if run.trained && !run.r.Cancelled {
		for c := range 2 {
			if v := experiment.JudgeClass(run.flows[c], run.trainers[c].History(), setup, run.split, o.seed, c); v.Failed {
				return fmt.Errorf("%s failed: %s", v.Flow("the "+rrNames[c]+" flow"), v)
			}
		}
	}
	return run.err
}

// load reads the data at o.data and the setup for it.
func (o *reproduceOpts) load() (*data.Dataset, experiment.Setup, error) {
	d, err := loadData(o.data, data.CSVOptions{})
	if err != nil {
		return nil, experiment.Setup{}, err
	}
	setup, err := o.loadSetup(d.Dim)
	if err != nil {
		return d, setup, err
	}
	if o.members != 0 {
		if o.members < 1 || o.members > flow.MaxMembers {
			return d, setup, usageError{fmt.Errorf("-members %d: an ensemble has 1 to %d flows per class", o.members, flow.MaxMembers)}
		}
		for c := range setup.Settings {
			setup.Settings[c].Members = o.members
		}
	}
	return d, setup, nil
}

// loadSetup returns the preset for dim features with -decay applied, or the
// setup read from -setup.
func (o *reproduceOpts) loadSetup(dim int) (experiment.Setup, error) {
	if o.setupFile == "" {
		return o.setup(dim)
	}
	b, err := os.ReadFile(o.setupFile)
	if err != nil {
		return experiment.Setup{}, err
	}
	var s experiment.Setup
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", o.setupFile, err)
	}
	if s.Config.Dim == 0 {
		s.Config.Dim = dim
	}
	if s.Config.Dim != dim {
		return s, fmt.Errorf("%s: the setup is for %d features, the data has %d", o.setupFile, s.Config.Dim, dim)
	}
	if err := s.Config.Validate(); err != nil {
		return s, fmt.Errorf("%s: %w", o.setupFile, err)
	}
	for c, st := range s.Settings {
		if err := st.Validate(); err != nil {
			return s, fmt.Errorf("%s: class %d settings: %w", o.setupFile, c, err)
		}
	}
	if s.Preset == "" {
		s.Preset = "custom"
	}
	o.model, o.preset = s.Config.Model, s.Preset
	return s, nil
}

// runSeed splits d with seed, trains both flows of setup, evaluates them and
// the GMM baseline on the evaluation split. With verbose, it prints one
// progress line per epoch to stderr. An error is returned only when nothing
// could be run; training and evaluation errors are in the seedRun.
func runSeed(ctx context.Context, o reproduceOpts, d *data.Dataset, setup experiment.Setup, seed uint64, stderr io.Writer, verbose bool) (*seedRun, error) {
	start := time.Now()
	split := experiment.SplitData(d, o.fractions(), seed)
	evalSet := split.Valid
	r := &reproduceResult{Model: setup.Config.Model, Preset: setup.Preset, Split: o.split, Decay: setup.Settings[0].WithDefaults().Decay, Seed: seed,
		DataPath: o.data, Checksum: d.Checksum(), Names: d.Names, EvalSet: "validation", Setup: setup}
	if o.split == splitAstroML {
		evalSet, r.EvalSet = split.Test, "test"
	}
	r.Rows.Data = counts(d)
	r.Rows.Train, r.Rows.Test, r.Rows.Eval = counts(split.Train), counts(split.Test), counts(evalSet)
	if evalSet.Len() == 0 {
		return nil, fmt.Errorf("%s: the %s split is empty; the data set is too small", o.data, r.EvalSet)
	}
	run := &seedRun{r: r, evalSet: evalSet, split: split}

	var onEpoch func(int, flow.EpochStats)
	if verbose {
		fmt.Fprintf(stderr, "flowlab reproduce: %s, preset %s, seed %d: training the background flow on %s rows, then the RR Lyrae flow on %s\n",
			r.Model, r.Preset, seed, thousands(r.Rows.Train[0]), thousands(r.Rows.Train[1]))
		onEpoch = progress(stderr, start, rrNames, setup)
	}
	run.flows, run.trainers, run.trainErr = experiment.TrainClasses(ctx, setup, split, seed, onEpoch)
	for c, tr := range run.trainers {
		r.Classes[c] = runOf(tr, setup.Settings[c].MaxEpochs)
	}
	r.Cancelled = ctx.Err() != nil
	r.KS = eval.KSPerFeature(d.X, d.Dim, d.Y)

	flows := run.flows
	run.trained = flows[0] != nil && flows[1] != nil && r.Classes[0].Epochs > 0 && r.Classes[1].Epochs > 0
	if run.trained {
		r.FlowDesc = flows[0].String()
		n := evalSet.Len()
		run.lp0, run.lp1, run.t = make([]float64, n), make([]float64, n), make([]float64, n)
		experiment.TestStatistic(run.t, run.lp0, run.lp1, flows, evalSet.X, n)
		r.Flow, run.err = evaluate(run.t, evalSet.Y, r.Rows.Train)
		if r.Flow.Err == "" {
			r.FlowMetrics = experiment.MetricsFor(r.Flow.Report, run.t, [2][]float64{run.lp0, run.lp1}, evalSet.Y)
		}
		if r.Cancelled {
			r.GMM.Err = "skipped: interrupted"
		} else {
			gStart := time.Now()
			gt, glp, err := experiment.GMMBaselineDensities(split.Train, evalSet.X, n, seed)
			r.GMMSeconds = time.Since(gStart).Seconds()
			if err != nil {
				r.GMM.Err = err.Error()
			} else {
				run.tGMM = gt
				r.GMM, _ = evaluate(gt, evalSet.Y, r.Rows.Train)
				if r.GMM.Err == "" {
					r.GMMMetrics = experiment.MetricsFor(r.GMM.Report, gt, glp, evalSet.Y)
				}
			}
		}
	} else {
		r.Flow.Err = "not evaluated: training did not finish an epoch of both flows"
		r.GMM.Err = r.Flow.Err
	}
	r.Seconds = time.Since(start).Seconds()
	return run, nil
}

// writeRunOutputs writes one seed's models and scores into dir.
func writeRunOutputs(dir string, o reproduceOpts, d *data.Dataset, run *seedRun, stderr io.Writer) error {
	rows, err := evalRows(d, o.fractions(), run.r.Seed, o.split == splitAstroML, run.evalSet)
	if err != nil {
		return err
	}
	if err := writeOutputs(dir, run.r.Preset, d, run.flows, run.trainers, run.r.Seed, rows, run.evalSet.Y, run.lp0, run.lp1, run.t, run.tGMM, o.bits); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "flowlab reproduce: wrote %s, %s, %s and %s\n", filepath.Join(dir, "background.json"),
		filepath.Join(dir, "rrlyrae.json"), filepath.Join(dir, "pair.json"), filepath.Join(dir, "scores.csv"))
	return nil
}

// counts returns the number of background and signal rows of d.
func counts(d *data.Dataset) [2]int {
	n0, n1 := d.Counts()
	return [2]int{n0, n1}
}

// runOf summarises a trainer (nil if its class never started).
func runOf(tr *flow.Trainer, maxEpochs int) classRun {
	if tr == nil {
		return classRun{MaxEpochs: maxEpochs, Reason: "not started"}
	}
	cr := classRun{Started: true, Epochs: tr.Epoch(), MaxEpochs: tr.Settings.MaxEpochs, Steps: tr.StepCount(),
		Reason: tr.Reason(), History: tr.History()}
	if cr.Reason == "" {
		cr.Reason = "running"
	}
	if h := cr.History; len(h) > 0 {
		cr.Seconds = h[len(h)-1].Seconds
	}
	return cr
}

// evaluate scores the statistic t against labels, with the prior cut from
// the training counts. A NaN in t (which the ranking metrics cannot order) is
// reported as an error instead of a panic.
func evaluate(t []float64, labels []int, train [2]int) (classifier, error) {
	bad := 0
	for _, v := range t {
		if math.IsNaN(v) {
			bad++
		}
	}
	if bad > 0 {
		err := fmt.Errorf("%d of %d evaluated rows have a NaN test statistic", bad, len(t))
		return classifier{Err: err.Error()}, err
	}
	return classifier{Report: experiment.Evaluate(t, labels, train[0], train[1])}, nil
}

// progress returns the per-epoch callback that prints one line to w:
// class, epoch/max, mean training loss, test loss, learning rate, training
// speed and the time since start.
func progress(w io.Writer, start time.Time, names [2]string, setup experiment.Setup) func(int, flow.EpochStats) {
	return func(c int, st flow.EpochStats) {
		maxE := setup.Settings[c].WithDefaults().MaxEpochs
		width := len(strconv.Itoa(maxE))
		fmt.Fprintf(w, "%-10s  epoch %*d/%d  train %9.5f  test %9.5f  lr %.2e  %8.0f samples/s  %7.1fs\n",
			names[c], width, st.Epoch, maxE, st.TrainLoss, st.TestLoss, st.LR, st.SamplesPerSec, time.Since(start).Seconds())
	}
}

// evalRows returns, for every row of evalSet, its 0-based row in d. It
// repeats the split on a copy of d with the row number as an extra column:
// data.Split draws only from the class sizes, so the same seed puts every row
// in the same part. The result is checked against evalSet row by row.
func evalRows(d *data.Dataset, f data.Fractions, seed uint64, astroml bool, evalSet *data.Dataset) ([]int, error) {
	dim := d.Dim
	aug := &data.Dataset{Names: append(slices.Clone(d.Names), "#row"), Dim: dim + 1,
		X: make([]float64, 0, d.Len()*(dim+1)), Y: d.Y}
	for i := range d.Len() {
		aug.X = append(append(aug.X, d.Row(i)...), float64(i))
	}
	s := experiment.SplitData(aug, f, seed)
	set := s.Valid
	if astroml {
		set = s.Test
	}
	if set.Len() != evalSet.Len() {
		return nil, fmt.Errorf("cannot recover row numbers: %d rows, want %d", set.Len(), evalSet.Len())
	}
	rows := make([]int, set.Len())
	for i := range rows {
		r := set.Row(i)
		if !slices.Equal(r[:dim], evalSet.Row(i)) || set.Y[i] != evalSet.Y[i] {
			return nil, fmt.Errorf("cannot recover row numbers: evaluation row %d differs", i)
		}
		rows[i] = int(r[dim])
	}
	return rows, nil
}

// writeOutputs writes dir/background.json, dir/rrlyrae.json, dir/pair.json
// (both flows as one classifier, the file the web page imports) and
// dir/scores.csv; with bits > 0, pair.json is experiment.WritePairCompact's.
func writeOutputs(dir, preset string, d *data.Dataset, flows [2]*flow.Flow, trainers [2]*flow.Trainer, seed uint64,
	rows, labels []int, lp0, lp1, t, tGMM []float64, bits int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var models [2]*flow.Model
	for c, name := range []string{"background.json", "rrlyrae.json"} {
		m := modelFile(flows[c], trainers[c], d, c, seed)
		models[c] = m
		if err := writeFile(filepath.Join(dir, name), func(w io.Writer) error { return flow.WriteModel(w, m) }); err != nil {
			return err
		}
	}
	pair := experiment.NewPair(preset, seed, slices.Clone(d.Names), d.Checksum(), models)
	writePair := experiment.WritePair
	if bits > 0 {
		writePair = func(w io.Writer, p *experiment.Pair) error { return experiment.WritePairCompact(w, p, bits) }
	}
	if err := writeFile(filepath.Join(dir, "pair.json"), func(w io.Writer) error { return writePair(w, pair) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "scores.csv"), func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.WriteString("index,label,lnp0,lnp1,t,t_gmm\n")
		var b []byte
		for i := range t {
			b = strconv.AppendInt(b[:0], int64(rows[i]), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(labels[i]), 10)
			for _, v := range []float64{lp0[i], lp1[i], t[i]} {
				b = append(b, ',')
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
			}
			b = append(b, ',') // t_gmm is empty when the GMM could not be fitted
			if tGMM != nil {
				b = strconv.AppendFloat(b, tGMM[i], 'g', -1, 64)
			}
			b = append(b, '\n')
			bw.Write(b)
		}
		return bw.Flush()
	})
}

// modelFile returns the saved form of a trained class flow with the facts of
// its training filled in.
func modelFile(f *flow.Flow, tr *flow.Trainer, d *data.Dataset, class int, seed uint64) *flow.Model {
	m := f.Model()
	m.Features = slices.Clone(d.Names)
	m.Class = class
	m.DataChecksum = d.Checksum()
	m.Seed = seed
	s := tr.Settings
	m.Settings = &s
	m.History = finiteHistory(tr.History())
	return m
}

// finiteHistory returns the epochs whose statistics are all finite:
// encoding/json cannot write NaN, which a rolled-back epoch's test loss may
// be.
func finiteHistory(h []flow.EpochStats) []flow.EpochStats {
	out := make([]flow.EpochStats, 0, len(h))
	for _, st := range h {
		ok := true
		for _, v := range []float64{st.TrainLoss, st.LastLoss, st.TestLoss, st.LR, st.Seconds, st.SamplesPerSec, st.Saturation} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				ok = false
			}
		}
		if ok {
			out = append(out, st)
		}
	}
	return out
}

// writeFile creates path, lets write fill it and closes it, reporting the
// first error.
func writeFile(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(fh); err != nil {
		fh.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return fh.Close()
}
