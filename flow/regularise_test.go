package flow_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// twinTrainers builds the same flow and trainer twice with settings a and b.
func twinTrainers(t *testing.T, cfg flow.Config, a, b flow.TrainSettings) (*flow.Trainer, *flow.Trainer) {
	t.Helper()
	x := moons(200, 0.1, rand.New(rand.NewPCG(1, 1)))
	var out [2]*flow.Trainer
	for i, s := range []flow.TrainSettings{a, b} {
		f, err := flow.New(cfg, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := flow.NewTrainer(f, x, 200, x, 200, s, rand.New(rand.NewPCG(3, 3)))
		if err != nil {
			t.Fatal(err)
		}
		out[i] = tr
	}
	return out[0], out[1]
}

// TestWeightDecay checks one step of decoupled weight decay: the layers'
// parameters end lr·λ·θ below those of the same step without decay, and a
// trained mixture base (and a defensive mixture's frozen start) is not decayed.
func TestWeightDecay(t *testing.T) {
	for _, w := range []float64{0, 0.1} {
		cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 6, Base: flow.BaseGMM, TrainBase: true, Defensive: w}
		const lr, wd = 0.01, 0.4
		s := flow.TrainSettings{BatchSize: 50, MaxEpochs: 1, LRStart: lr, LREnd: lr, Tol: -1}
		withDecay := s
		withDecay.WeightDecay = wd
		plain, decayed := twinTrainers(t, cfg, s, withDecay)
		before := append([]float64(nil), decayed.Flow.Params...)
		plain.Step()
		decayed.Step()
		nBase := decayed.Flow.Base().NumParams()
		if st := decayed.Flow.Start(); st != nil {
			nBase += st.NumParams()
		}
		for i, p0 := range before {
			want := 0.0
			if i < len(before)-nBase {
				want = lr * wd * p0
			}
			if got := plain.Flow.Params[i] - decayed.Flow.Params[i]; math.Abs(got-want) > 1e-15 {
				t.Fatalf("w=%v parameter %d: decay moved it by %g, want %g", w, i, got, want)
			}
		}
	}
}

// TestNoiseAugmentation checks that noise changes the training batches,
// reproducibly for a seed.
func TestNoiseAugmentation(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 2, Hidden: 1, Units: 6}
	s := flow.TrainSettings{BatchSize: 50, MaxEpochs: 1, Tol: -1, Standardize: true}
	noisy := s
	noisy.Noise = 0.3
	plain, a := twinTrainers(t, cfg, s, noisy)
	_, b := twinTrainers(t, cfg, noisy, noisy)
	plain.Step()
	a.Step()
	b.Step()
	if a.LastLoss() == plain.LastLoss() {
		t.Errorf("noise did not change the batch loss (%g)", a.LastLoss())
	}
	if a.LastLoss() != b.LastLoss() {
		t.Errorf("noisy runs with one seed differ: %g vs %g", a.LastLoss(), b.LastLoss())
	}
	if err := (flow.TrainSettings{Noise: -1}).Validate(); err == nil {
		t.Error("negative noise accepted")
	}
	if err := (flow.TrainSettings{WeightDecay: 1}).Validate(); err == nil {
		t.Error("weight decay 1 accepted")
	}
}
