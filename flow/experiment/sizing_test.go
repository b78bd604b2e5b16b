package experiment_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/eval"
	"flowlab/flow/experiment"
)

// TestQuickEpochs: the Quick preset keeps its epochs on the RR Lyrae data's
// row counts (both splits) and gets at least MinQuickSteps steps on small tables.
func TestQuickEpochs(t *testing.T) {
	s, err := experiment.Preset(experiment.PresetQuick, flow.ModelRealNVP, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		class, rows int
		same        bool // the RR Lyrae data's row counts: the preset as it is
	}{
		{0, 74126, true}, // paper split, background
		{1, 386, true},   // paper split, RR Lyrae
		{0, 69493, true}, // astroML 75/25 split
		{1, 362, true},
		{0, 1600, false}, // a 2-D teaching set
		{1, 1600, false},
		{0, 10, false},
	} {
		st := s.Settings[tc.class]
		got := experiment.QuickEpochs(st, tc.rows)
		steps := got * ((tc.rows + st.BatchSize - 1) / st.BatchSize)
		if tc.same && got != st.MaxEpochs || got < st.MaxEpochs || steps < experiment.MinQuickSteps {
			t.Errorf("class %d, %d rows: %d epochs (%d steps), preset %d", tc.class, tc.rows, got, steps, st.MaxEpochs)
		}
	}
	paper, _ := experiment.Preset(experiment.PresetPaper, flow.ModelRealNVP, 2)
	toy, err := data.Toy("moons", 4000, 0.08, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	split := experiment.SplitData(toy, data.PaperSplit, 1)
	if got := experiment.SizedFor(paper, split); got.Settings != paper.Settings {
		t.Error("SizedFor changed the paper preset")
	}
	quick, _ := experiment.Preset(experiment.PresetQuick, flow.ModelRealNVP, 2)
	if got := experiment.SizedFor(quick, split); got.Settings[0].MaxEpochs <= quick.Settings[0].MaxEpochs {
		t.Errorf("the quick preset on 1,600 rows a class keeps %d background epochs", got.Settings[0].MaxEpochs)
	}
	// Settings edited away from the preset elsewhere (the page's "custom":
	// two flows per class, more layers) still get the sized epochs.
	custom := quick
	custom.Preset, custom.Config.Layers = "custom", 4
	custom.Settings[0].Members, custom.Settings[1].Members = 2, 2
	if got, want := experiment.SizedFor(custom, split), experiment.SizedFor(quick, split); got.Settings[0].MaxEpochs != want.Settings[0].MaxEpochs || got.Settings[1].MaxEpochs != want.Settings[1].MaxEpochs {
		t.Errorf("custom settings on 1,600 rows a class get %d and %d epochs; the quick preset %d and %d",
			got.Settings[0].MaxEpochs, got.Settings[1].MaxEpochs, want.Settings[0].MaxEpochs, want.Settings[1].MaxEpochs)
	}
	set := custom
	set.Settings[0].MaxEpochs = 2 // chosen by the visitor: kept
	if got := experiment.SizedFor(set, split); got.Settings[0].MaxEpochs != 2 {
		t.Errorf("SizedFor changed epochs the visitor set: %d", got.Settings[0].MaxEpochs)
	}
}

// TestQuickLearnsTeachingSets trains the Quick preset, sized for the rows,
// on each 2-D teaching set: both class flows must end clearly below the best
// single Gaussian (full covariance) on their test rows, and below the
// three-Gaussian mixture the flow starts as — it learned the shape, beyond
// its start (unsized, the background flow's 12 steps did not get there).
func TestQuickLearnsTeachingSets(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four pairs of flows")
	}
	for _, name := range []string{"moons", "rings", "checkerboard"} {
		d, err := data.Toy(name, 4000, 0.08, rand.New(rand.NewPCG(3, 0x70F)))
		if err != nil {
			t.Fatal(err)
		}
		split := experiment.SplitData(d, data.PaperSplit, 5)
		setup, err := experiment.Preset(experiment.PresetQuick, flow.ModelRealNVP, 2)
		if err != nil {
			t.Fatal(err)
		}
		flows, _, err := experiment.TrainClasses(context.Background(), setup, split, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		for c := range 2 {
			train, test := split.Train.Class(c), split.Test.Class(c)
			gauss, mix := gmmNLL(t, train, test, 1), gmmNLL(t, train, test, 3)
			nll := experiment.MeanNLL(flows[c], test.X)
			t.Logf("%s class %d: flow %.3f, Gaussian %.3f, 3 Gaussians %.3f nats", name, c, nll, gauss, mix)
			if !(nll < gauss-0.1) || !(nll < mix-0.05) {
				t.Errorf("%s, class %d: test NLL %.3f, not clearly below the Gaussian's %.3f and the mixture's %.3f", name, c, nll, gauss, mix)
			}
		}
	}
}

// gmmNLL is the mean test NLL of a k-component GMM fitted to train.
func gmmNLL(t *testing.T, train, test *data.Dataset, k int) float64 {
	t.Helper()
	g, err := eval.FitGMM(train.X, train.Dim, k, rand.New(rand.NewPCG(1, 1)), eval.GMMSettings{})
	if err != nil {
		t.Fatal(err)
	}
	lp := make([]float64, test.Len())
	g.LogProb(lp, test.X)
	nll := 0.0
	for _, v := range lp {
		nll -= v / float64(len(lp))
	}
	return nll
}
