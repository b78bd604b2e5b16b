package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

// trainOpts are the flags of "flowlab train".
type trainOpts struct {
	modelFlags
	class                   int
	label, features, signal string
	out                     string
	// Overrides of the preset; used only when set on the command line.
	layers, hidden, units, epochs, batch int
	lrStart, lrEnd                       float64
	standardize                          bool
	set                                  map[string]bool
}

// trainFlags defines the flags of "flowlab train" on a new FlagSet.
func trainFlags(o *trainOpts) *flag.FlagSet {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.IntVar(&o.class, "class", -1, "`class` whose flow to train: 0 (background) or 1 (signal); required")
	o.register(fs)
	fs.StringVar(&o.label, "label", data.DefaultLabel, "name of the label `column` (values 0 or 1, or see -signal)")
	fs.StringVar(&o.signal, "signal", "", "label `value` of the signal class (1) when the labels are not 0 and 1 (e.g. RRLyrae, true, yes); every other value is background (0)")
	fs.StringVar(&o.features, "features", "", "comma-separated feature `columns`, in the order the model stores them (2 to 8; default: every column but the label)")
	fs.StringVar(&o.out, "o", "model.json", "write the model JSON to `path` (\"-\" for stdout)")
	fs.IntVar(&o.layers, "layers", 0, "override the preset: number of coupling or MAF `layers` (1–64)")
	fs.IntVar(&o.hidden, "hidden", 0, "override the preset: hidden `layers` per conditioner network (0–16)")
	fs.IntVar(&o.units, "units", 0, "override the preset: `units` per hidden layer (1–4096)")
	fs.IntVar(&o.epochs, "epochs", 0, "override the preset: maximum `epochs` (training also stops when the relative change of the test loss is below 1e-6)")
	fs.IntVar(&o.batch, "batch", 0, "override the preset: `rows` per optimiser step")
	fs.Float64Var(&o.lrStart, "lr-start", 0, "override the preset: initial learning `rate` of Adam, in (0, 1)")
	fs.Float64Var(&o.lrEnd, "lr-end", 0, "override the preset: final learning `rate`, reached by polynomial decay of power ½")
	fs.BoolVar(&o.standardize, "standardize", false, "override the preset: fit mean and standard deviation on the training rows and fold them into the flow (-standardize=false turns it off)")
	return fs
}

// runTrain is the "train" command.
func runTrain(ctx context.Context, args []string, e env) error {
	var o trainOpts
	fs := trainFlags(&o)
	if err := parseFlags(fs, args, e.stdout); err != nil {
		return err
	}
	o.set = setFlags(fs)
	if o.class != 0 && o.class != 1 {
		if !o.set["class"] {
			return usagef("-class is required: 0 (background) or 1 (signal)")
		}
		return usagef("-class must be 0 (background) or 1 (signal), got %d", o.class)
	}
	if o.out == "" {
		return usagef("-o must name the output file (\"-\" for stdout)")
	}
	path, err := dataPath(o.data, e)
	if err != nil {
		return err
	}
	o.data = path
	return train(ctx, o, e.stdout, e.stderr)
}

// applyOverrides changes the fields of setup that were set on the command
// line, for the class being trained.
func (o *trainOpts) applyOverrides(s *experiment.Setup) error {
	c := o.class
	if o.set["layers"] {
		s.Config.Layers = o.layers
	}
	if o.set["hidden"] {
		s.Config.Hidden = o.hidden
	}
	if o.set["units"] {
		s.Config.Units = o.units
	}
	if o.set["epochs"] {
		if o.epochs < 1 {
			return usagef("-epochs must be at least 1, got %d", o.epochs)
		}
		s.Settings[c].MaxEpochs = o.epochs
		if s.Settings[c].Decay == flow.DecayStep {
			s.Settings[c].DecaySteps = o.epochs
		}
	}
	if o.set["batch"] {
		if o.batch < 1 {
			return usagef("-batch must be at least 1, got %d", o.batch)
		}
		s.Settings[c].BatchSize = o.batch
	}
	if o.set["lr-start"] {
		s.Settings[c].LRStart = o.lrStart
	}
	if o.set["lr-end"] {
		s.Settings[c].LREnd = o.lrEnd
	}
	if o.set["standardize"] {
		s.Settings[c].Standardize = o.standardize
	}
	if err := flow.CheckSize(s.Config); err != nil {
		return usageError{err}
	}
	if err := s.Settings[c].Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

// featureList splits the -features value; "" means every column.
func featureList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}

// trainNames are the class names train prints.
var trainNames = [2]string{"background", "signal"}

// train fits the flow of o.class on the CSV at o.data and writes it to o.out.
// Progress and a summary go to stderr; with -o - the model goes to stdout.
func train(ctx context.Context, o trainOpts, stdout, stderr io.Writer) error {
	start := time.Now()
	d, err := loadData(o.data, data.CSVOptions{Label: o.label, Features: featureList(o.features), Signal: o.signal})
	switch {
	case errors.Is(err, data.ErrTooManyFeatures), errors.Is(err, data.ErrTooFewFeatures):
		return fmt.Errorf("%w (choose the feature columns with -features a,b,c)", err)
	case errors.Is(err, data.ErrBadLabel):
		return fmt.Errorf("%w (the label column is chosen with -label, the signal value with -signal)", err)
	case err != nil:
		return err
	}
	setup, err := o.setup(d.Dim)
	if err != nil {
		return err
	}
	if err := o.applyOverrides(&setup); err != nil {
		return err
	}
	c := o.class
	split := experiment.SplitData(d, o.fractions(), o.seed)
	trainX, testX := split.Train.Class(c), split.Test.Class(c)
	f, tr, err := experiment.NewClassTrainer(setup.Config, setup.Settings[c], trainX.X, testX.X, o.seed, c)
	if err != nil {
		return fmt.Errorf("class %d: %w", c, err)
	}
	fmt.Fprintf(stderr, "flowlab train: class %d (%s), %s training rows, %s test rows: %s\n",
		c, trainNames[c], thousands(trainX.Len()), thousands(testX.Len()), f)
	onEpoch := progress(stderr, start, trainNames, setup)
	trainErr := tr.Run(ctx, func(st flow.EpochStats) { onEpoch(c, st) })
	best, _ := bestLast(tr.History())
	fmt.Fprintf(stderr, "flowlab train: %d epochs, %d steps, stopped: %s; best test loss %s; %.1f s\n",
		tr.Epoch(), tr.StepCount(), tr.Reason(), best, time.Since(start).Seconds())
	if tr.Epoch() == 0 {
		if trainErr == nil {
			trainErr = errors.New("no epoch finished")
		}
		return fmt.Errorf("no model written: %w", trainErr)
	}
	if !errors.Is(trainErr, flow.ErrCancelled) {
		if v := experiment.JudgeClass(f, tr.History(), setup, split, o.seed, c); v.Failed {
			return fmt.Errorf("no model written: %s", v)
		}
	}
	m := modelFile(f, tr, d, c, o.seed)
	if o.out == "-" {
		err = flow.WriteModel(stdout, m)
	} else {
		err = writeFile(o.out, func(w io.Writer) error { return flow.WriteModel(w, m) })
		if err == nil {
			fmt.Fprintf(stderr, "flowlab train: wrote %s\n", o.out)
		}
	}
	if err != nil {
		return err
	}
	return trainErr
}
