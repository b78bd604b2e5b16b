package experiment_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"gonum.org/v1/gonum/floats"
)

// TestTrainEnsemble trains a class as an ensemble (TrainSettings.Members):
// its first member is the single flow the same seed trains without one, bit
// for bit; the other members differ from it; the other class is untouched;
// and training again gives the same ensemble.
func TestTrainEnsemble(t *testing.T) {
	d, err := data.Toy("moons", 600, 0.1, rand.New(rand.NewPCG(4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	const seed = 11
	split := experiment.SplitData(d, data.PaperSplit, seed)
	setup, err := experiment.Preset(experiment.PresetQuick, flow.ModelMADE, d.Dim)
	if err != nil {
		t.Fatal(err)
	}
	for c := range setup.Settings {
		setup.Settings[c].MaxEpochs = 2
		setup.Settings[c].Members = 1 // one flow per class first (the Quick preset has QuickMembers)
	}
	single, _, err := experiment.TrainClasses(context.Background(), setup, split, seed, nil)
	if err != nil {
		t.Fatal(err)
	}
	setup.Settings[1].Members = 3
	var runs [2][2]*flow.Flow
	for r := range runs {
		if runs[r], _, err = experiment.TrainClasses(context.Background(), setup, split, seed, nil); err != nil {
			t.Fatal(err)
		}
	}
	x, n := split.Valid.X, split.Valid.Len()
	lp := func(f *flow.Flow) []float64 {
		out := make([]float64, n)
		f.LogProb(out, x, n)
		return out
	}
	if got := len(runs[0][0].Members()); got != 1 {
		t.Fatalf("the background flow has %d members, want 1", got)
	}
	if !floats.Same(lp(runs[0][0]), lp(single[0])) {
		t.Error("the background flow changed when the RR Lyrae class became an ensemble")
	}
	members := runs[0][1].Members()
	if len(members) != 3 {
		t.Fatalf("the RR Lyrae ensemble has %d members, want 3", len(members))
	}
	if !floats.Same(lp(members[0]), lp(single[1])) {
		t.Error("the ensemble's first member is not the single flow of the same seed")
	}
	for k := 1; k < 3; k++ {
		if floats.Same(lp(members[k]), lp(members[0])) {
			t.Errorf("member %d equals member 1: the members share their initialisation", k+1)
		}
	}
	if !floats.Same(lp(runs[0][1]), lp(runs[1][1])) {
		t.Error("two runs of the same seed gave different ensembles")
	}
}
