package experiment_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

func TestGaussianNLL(t *testing.T) {
	// Train rows (0, 10) and (2, 10): mean (1, 10), population sd (1, constant → 1).
	// Test row (3, 12): z = (2, 2), NLL = ½(4+4) + 2·½ln 2π + ln 1 + ln 1.
	got, err := experiment.GaussianNLL([]float64{0, 10, 2, 10}, []float64{3, 12}, 2)
	if want := 4 + math.Log(2*math.Pi); err != nil || math.Abs(got-want) > 1e-12 {
		t.Errorf("GaussianNLL = %v, %v; want %v", got, err, want)
	}
	if _, err := experiment.GaussianNLL([]float64{1, 2}, []float64{1, 2}, 2); err == nil {
		t.Error("one training row: no error")
	}
}

func TestJudge(t *testing.T) {
	s := flow.TrainSettings{LRStart: 0.5, BatchSize: 4}
	nan := math.NaN()
	tests := []struct {
		name               string
		test, start, gauss float64
		failed             bool
		problem            string
	}{
		{"better than the Gaussian", 0.2, 5, 1.5, false, ""},
		{"slightly worse than the Gaussian", 2.4, 5, 1.5, false, ""},
		{"the CLI's lr 0.99: far above its start", 8e10, 5, -6, true, "diverged: the test loss rose from 5 at the start to 8e+10"},
		{"no better than its start, worse than the Gaussian", 4.8, 5, 1.5, true, "failed: the test loss 4.8 is worse than a single Gaussian's 1.5"},
		{"fell but still worse than the Gaussian", 3.5, 9, 1.5, true, "stopped long before the flow converged: its test loss 3.5 (9 at the start)"},
		{"NaN", nan, 5, 1.5, true, "the test loss is NaN"},
		{"+Inf", math.Inf(1), nan, nan, true, "the test loss is +Inf"},
		{"rose a little, no Gaussian", 6.9, 5, nan, false, ""},
		{"rose far, no Gaussian", 7.6, 5, nan, true, "rose from 5"},
		{"huge, nothing to compare", 1e9, nan, nan, false, ""},
		{"huge, only the Gaussian", 1e9, nan, 1.5, true, "failed: the test loss 1e+09"},
	}
	for _, tc := range tests {
		v := experiment.Judge(tc.test, tc.start, tc.gauss, s)
		if v.Failed != tc.failed || !strings.Contains(v.Problem, tc.problem) {
			t.Errorf("%s: %+v", tc.name, v)
		}
		slow := strings.Contains(v.Problem, "converged")
		if v.Failed && !slow && (!strings.Contains(v.String(), "Lower the learning rate (0.5") || !strings.Contains(v.String(), "larger batches")) ||
			slow && !strings.HasSuffix(v.String(), "Turn standardisation on, or train for more epochs.") {
			t.Errorf("%s: suggestion %q", tc.name, v.Suggestion)
		}
		if !v.Failed && v.String() != "" {
			t.Errorf("%s: a good run says %q", tc.name, v)
		}
	}
}

// TestJudgeClass trains MADE on two moons twice: with sane settings the run is judged
// fine, with the learning rate 0.99 and no standardisation it is judged failed.
func TestJudgeClass(t *testing.T) {
	d, err := data.Toy("moons", 1200, 0.1, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.X {
		d.X[i] = 40*d.X[i] + 100 // far from the unit scale, as raw magnitudes are
	}
	split := experiment.SplitData(d, data.PaperSplit, 3)
	setup := experiment.Setup{Config: flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 4, Hidden: 1, Units: 16}}
	for _, tc := range []struct {
		name   string
		s      flow.TrainSettings
		failed bool
	}{
		{"sane", flow.TrainSettings{LRStart: 3e-3, LREnd: 1e-3, BatchSize: 64, MaxEpochs: 20, Standardize: true, KeepBest: true}, false},
		{"lr 0.99, no standardisation", flow.TrainSettings{LRStart: 0.99, LREnd: 0.99, BatchSize: 64, MaxEpochs: 5}, true},
	} {
		setup.Settings[0] = tc.s
		f, tr, err := experiment.NewClassTrainer(setup.Config, tc.s, split.Train.Class(0).X, split.Test.Class(0).X, 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		tr.Run(context.Background(), nil)
		v := experiment.JudgeClass(f, tr.History(), setup, split, 3, 0)
		if v.Failed != tc.failed || math.IsNaN(v.GaussianNLL) || math.IsNaN(v.StartNLL) || !tc.failed && !(v.TestNLL < v.GaussianNLL) {
			t.Errorf("%s: %d epochs, test NLL %v, Gaussian %v: %q", tc.name, tr.Epoch(), v.TestNLL, v.GaussianNLL, v)
		}
	}
}
