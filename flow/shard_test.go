package flow_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// TestTrainerShardedGrad trains once with the whole batch and once with a
// GradFunc that sums the gradients of three shares in a fixed order (what
// data-parallel workers do) and requires the same parameters to 1e-9.
func TestTrainerShardedGrad(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x := moons(900, 0.1, rng)
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 3, Hidden: 2, Units: 16}
	settings := flow.TrainSettings{BatchSize: 100, MaxEpochs: 3, Standardize: true, Tol: -1}
	train := func(shards int) []float64 {
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		tr, err := flow.NewTrainer(f, x[:1200], 600, x[1200:], 300, settings, rand.New(rand.NewPCG(3, 3)))
		if err != nil {
			t.Fatal(err)
		}
		if shards > 1 {
			tr.Grad = func(b []float64, n int, scale float64) (float64, error) {
				loss := 0.0
				for s := range shards {
					lo, hi := s*n/shards, (s+1)*n/shards
					loss += f.LossGrad(b[lo*2:hi*2], hi-lo, scale)
				}
				return loss, nil
			}
		}
		if err := tr.Run(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		return f.Params
	}
	one, three := train(1), train(3)
	worst := 0.0
	for i := range one {
		worst = math.Max(worst, math.Abs(one[i]-three[i]))
	}
	if worst > 1e-9 {
		t.Errorf("sharded training differs from whole-batch training by %g", worst)
	}
}

// TestTrainerGradError checks that a failing GradFunc ends training with its error.
func TestTrainerGradError(t *testing.T) {
	f, _ := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 1, Hidden: 1, Units: 4}, rand.New(rand.NewPCG(1, 1)))
	x := moons(20, 0.1, rand.New(rand.NewPCG(1, 2)))
	tr, _ := flow.NewTrainer(f, x, 20, x, 20, flow.TrainSettings{BatchSize: 5, MaxEpochs: 3}, rand.New(rand.NewPCG(1, 3)))
	boom := errors.New("helper worker died")
	tr.Grad = func([]float64, int, float64) (float64, error) { return 0, boom }
	if err := tr.Run(context.Background(), nil); !errors.Is(err, boom) || tr.Reason() != flow.ReasonFailed {
		t.Errorf("err %v, reason %q", err, tr.Reason())
	}
}
