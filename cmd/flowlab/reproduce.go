package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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
	json bool   // -json: one JSON object on stdout instead of tables
	out  string // -o: directory for the models and scores
}

// reproduceFlags defines the flags of "flowlab reproduce" on a new FlagSet.
func reproduceFlags(o *reproduceOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	o.register(fs)
	fs.BoolVar(&o.json, "json", false, "print one JSON object on stdout instead of the tables (progress stays on stderr); non-finite numbers are written as null")
	fs.StringVar(&o.out, "o", "", "also write `dir`/background.json and dir/rrlyrae.json (the trained flows, readable by score), dir/pair.json (both flows as one classifier, which the web page imports) and dir/scores.csv (index, label, lnp0, lnp1, t for every evaluated star; index is the 0-based data row of the CSV)")
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
	GMMSeconds, Seconds         float64
	Cancelled                   bool
}

// reproduce runs the whole experiment on the CSV at o.data, with progress on
// stderr and the report on stdout. It returns the error that ended training
// (wrapping flow.ErrCancelled on Ctrl-C) after reporting what was done.
func reproduce(ctx context.Context, o reproduceOpts, stdout, stderr io.Writer) error {
	start := time.Now()
	d, err := loadData(o.data, data.CSVOptions{})
	if err != nil {
		return err
	}
	setup, err := o.setup(d.Dim)
	if err != nil {
		return err
	}
	split := experiment.SplitData(d, o.fractions(), o.seed)
	evalSet := split.Valid
	r := &reproduceResult{Model: o.model, Preset: o.preset, Split: o.split, Decay: o.decay, Seed: o.seed,
		DataPath: o.data, Checksum: d.Checksum(), Names: d.Names, EvalSet: "validation", Setup: setup}
	if o.split == splitAstroML {
		evalSet, r.EvalSet = split.Test, "test"
	}
	r.Rows.Data = counts(d)
	r.Rows.Train, r.Rows.Test, r.Rows.Eval = counts(split.Train), counts(split.Test), counts(evalSet)
	if evalSet.Len() == 0 {
		return fmt.Errorf("%s: the %s split is empty; the data set is too small", o.data, r.EvalSet)
	}

	fmt.Fprintf(stderr, "flowlab reproduce: %s, preset %s, seed %d: training the background flow on %s rows, then the RR Lyrae flow on %s\n",
		o.model, o.preset, o.seed, thousands(r.Rows.Train[0]), thousands(r.Rows.Train[1]))
	onEpoch := progress(stderr, start, rrNames, setup)
	flows, trainers, trainErr := experiment.TrainClasses(ctx, setup, split, o.seed, onEpoch)
	for c, tr := range trainers {
		r.Classes[c] = runOf(tr, setup.Settings[c].MaxEpochs)
	}
	r.Cancelled = ctx.Err() != nil
	r.KS = eval.KSPerFeature(d.X, d.Dim, d.Y)

	var evalErr error
	var lp0, lp1, t []float64
	trained := flows[0] != nil && flows[1] != nil && r.Classes[0].Epochs > 0 && r.Classes[1].Epochs > 0
	if trained {
		r.FlowDesc = flows[0].String()
		n := evalSet.Len()
		lp0, lp1, t = make([]float64, n), make([]float64, n), make([]float64, n)
		experiment.TestStatistic(t, lp0, lp1, flows, evalSet.X, n)
		r.Flow, evalErr = evaluate(t, evalSet.Y, r.Rows.Train)
		if r.Cancelled {
			r.GMM.Err = "skipped: interrupted"
		} else {
			gStart := time.Now()
			gt, err := experiment.GMMBaseline(split.Train, evalSet.X, n, o.seed)
			r.GMMSeconds = time.Since(gStart).Seconds()
			if err != nil {
				r.GMM.Err = err.Error()
			} else {
				r.GMM, _ = evaluate(gt, evalSet.Y, r.Rows.Train)
			}
		}
	} else {
		r.Flow.Err = "not evaluated: training did not finish an epoch of both flows"
		r.GMM.Err = r.Flow.Err
	}
	r.Seconds = time.Since(start).Seconds()

	if o.json {
		err = writeReproduceJSON(stdout, r)
	} else {
		err = writeReproduceText(stdout, r)
	}
	if err != nil {
		return err
	}
	if o.out != "" && trained {
		rows, err := evalRows(d, o.fractions(), o.seed, o.split == splitAstroML, evalSet)
		if err != nil {
			return err
		}
		if err := writeOutputs(o.out, o.preset, d, flows, trainers, o.seed, rows, evalSet.Y, lp0, lp1, t); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "flowlab reproduce: wrote %s, %s, %s and %s\n", filepath.Join(o.out, "background.json"),
			filepath.Join(o.out, "rrlyrae.json"), filepath.Join(o.out, "pair.json"), filepath.Join(o.out, "scores.csv"))
	}
	if trainErr != nil {
		return trainErr
	}
	for c := range 2 {
		if !trained || r.Cancelled {
			break
		}
		if v := experiment.JudgeClass(flows[c], setup, split, o.seed, c); v.Failed {
			return fmt.Errorf("the %s flow failed: %s", rrNames[c], v)
		}
	}
	return evalErr
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
// the training counts. Non-finite values of t (counted by eval.NonFinite, as
// the page does) are reported as an error beside the metrics.
func evaluate(t []float64, labels []int, train [2]int) (classifier, error) {
	rep := experiment.Evaluate(t, labels, train[0], train[1])
	if rep.NonFinite > 0 {
		err := fmt.Errorf("%d of %d evaluated rows have a non-finite test statistic (NaN or ±Inf)", rep.NonFinite, len(t))
		return classifier{Report: rep, Err: err.Error()}, err
	}
	return classifier{Report: rep}, nil
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
// dir/scores.csv.
func writeOutputs(dir, preset string, d *data.Dataset, flows [2]*flow.Flow, trainers [2]*flow.Trainer, seed uint64,
	rows, labels []int, lp0, lp1, t []float64) error {
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
	if err := writeFile(filepath.Join(dir, "pair.json"), func(w io.Writer) error { return experiment.WritePair(w, pair) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "scores.csv"), func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.WriteString("index,label,lnp0,lnp1,t\n")
		var b []byte
		for i := range t {
			b = strconv.AppendInt(b[:0], int64(rows[i]), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(labels[i]), 10)
			for _, v := range []float64{lp0[i], lp1[i], t[i]} {
				b = append(b, ',')
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
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
