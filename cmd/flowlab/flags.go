package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

// Values of -split.
const (
	splitPaper   = "paper"   // 80/10/10 per class; evaluate on the validation split
	splitAstroML = "astroml" // 75/25 per class; evaluate on the test split
)

// choice is a string flag restricted to a list of values.
type choice struct {
	v       *string
	allowed []string
}

// newChoice returns a choice flag value that stores into v, starting at def.
func newChoice(v *string, def string, allowed ...string) choice {
	*v = def
	return choice{v: v, allowed: allowed}
}

// String implements flag.Value.
func (c choice) String() string {
	if c.v == nil {
		return ""
	}
	return *c.v
}

// Set implements flag.Value; it accepts only the allowed values.
func (c choice) Set(s string) error {
	for _, a := range c.allowed {
		if s == a {
			*c.v = s
			return nil
		}
	}
	return fmt.Errorf("must be %s", orList(c.allowed))
}

// orList formats ["a" "b" "c"] as "a, b or c".
func orList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// modelFlags are the flags reproduce and train share.
type modelFlags struct {
	model, preset string
	seed          uint64
	data          string
	split, decay  string
}

// register defines the shared flags on fs.
func (m *modelFlags) register(fs *flag.FlagSet) {
	fs.Var(newChoice(&m.model, flow.ModelRealNVP, flow.FamilyNames()...), "model",
		"flow `kind`: realnvp (affine coupling layers, paper: 8 layers of 4×100 ReLU conditioners), made (masked autoregressive layers, paper: 8 layers of 2×200) or spline (rational-quadratic neural spline couplings, Durkan et al. 2019: 8 bins on [−4, 4], identity outside; not in the paper, whose preset gives it Real NVP's architecture)")
	fs.Var(newChoice(&m.preset, experiment.PresetPaper, experiment.PresetPaper, experiment.PresetQuick), "preset",
		"`name` of the architecture and training settings: paper (Table II exactly: 8 layers, batches 1000 background / 100 RR Lyrae, Adam with lr 1e-3 → 1e-4, raw features, at most 20 / 200 epochs; about 20 minutes on 2 cores) or quick (6 layers of 2×32, standardised features, lr 3e-3 → 3e-4, batches 500 / 64, at most 5 (Real NVP: 7) / 60 epochs, keeps the epoch with the best test loss; seconds)")
	fs.Uint64Var(&m.seed, "seed", 1, "`seed` of every random stream (split, initialisation, batch order, GMM); the same seed gives the same numbers")
	fs.StringVar(&m.data, "data", "", "labelled CSV `path` (header line, numeric feature columns, a 0/1 label column); default $RRLYRAE_CSV, else ../shared/data/rrlyrae/rrlyrae_combined.csv relative to the working directory or the repository root")
	fs.Var(newChoice(&m.split, splitPaper, splitPaper, splitAstroML), "split",
		"per-class `split`: paper (80% train, 10% test for early stopping, 10% validation for the metrics) or astroml (75% train, 25% test, which serves both for early stopping and as the evaluation set)")
	fs.Var(newChoice(&m.decay, flow.DecayRun, flow.DecayRun, flow.DecayStep), "decay",
		"learning-rate `schedule`: run (polynomial decay, power ½, over the whole run) or step (the paper's original code: the decay counts optimiser steps and ends after as many steps as there are epochs, so the rate sits at its final value almost at once)")
}

// fractions returns the split fractions -split names.
func (m *modelFlags) fractions() data.Fractions {
	if m.split == splitAstroML {
		return data.AstroMLSplit
	}
	return data.PaperSplit
}

// setup returns the preset for dim features with the -decay choice applied.
func (m *modelFlags) setup(dim int) (experiment.Setup, error) {
	s, err := experiment.Preset(m.preset, m.model, dim)
	if err != nil {
		return s, err
	}
	for c := range s.Settings {
		s.Settings[c].Decay = m.decay
		if m.decay == flow.DecayStep {
			s.Settings[c].DecaySteps = s.Settings[c].MaxEpochs
		}
	}
	return s, nil
}

// parseFlags parses args into fs. On -h it writes the command's usage to
// stdout and returns flag.ErrHelp; a bad flag or a leftover argument gives a
// usageError with flag's one-line message.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if cmd := findCommand(fs.Name()); cmd != nil {
			writeCommandUsage(stdout, cmd)
		}
		return flag.ErrHelp
	case err != nil:
		return usageError{err}
	case fs.NArg() > 0:
		return usagef("unexpected argument %q (flags go before it? every value needs a flag)", fs.Arg(0))
	}
	return nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
