package flow_test

import (
	"math"
	"testing"

	"flowlab/flow"
)

// TestAveragedTraining checks Polyak averaging (TrainSettings.Average): the
// raw trajectory is the plain trainer's, the flow it hands over is the
// moving average of that trajectory (recomputed here step by step from
// average.go's formula), every epoch's test loss is the average's, and
// KeepBest keeps the average's best epoch.
func TestAveragedTraining(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 6}
	for _, tc := range []struct {
		name     string
		h        float64
		keepBest bool
	}{
		{"half-life 0.5 epoch", 0.5, false},
		{"half-life 2 epochs", 2, false},
		{"half-life 1 epoch, keep best", 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := flow.TrainSettings{BatchSize: 50, MaxEpochs: 3, LRStart: 0.01, LREnd: 0.001, Tol: -1, KeepBest: tc.keepBest}
			avgS := s
			avgS.Average = tc.h
			plain, averaged := twinTrainers(t, cfg, s, avgS)
			steps := float64(plain.StepsPerEpoch())
			beta := math.Exp2(-1 / (tc.h * steps))
			want := append([]float64(nil), plain.Flow.Params...)
			var plainLoss []float64
			n := 0
			for !plain.Done() {
				st, ended := plain.Step()
				n++
				b := min(beta, float64(n)/float64(n+1))
				for i, p := range plain.Flow.Params {
					want[i] = b*want[i] + (1-b)*p
				}
				if ended {
					plainLoss = append(plainLoss, st.TestLoss)
				}
			}
			var avgLoss []float64
			for !averaged.Done() {
				if st, ended := averaged.Step(); ended {
					avgLoss = append(avgLoss, st.TestLoss)
				}
			}
			if plain.Rollbacks() != 0 || averaged.Rollbacks() != 0 {
				t.Fatalf("rollbacks %d, %d: the comparison needs clean runs", plain.Rollbacks(), averaged.Rollbacks())
			}
			if len(avgLoss) != len(plainLoss) {
				t.Fatalf("%d epochs averaged, %d plain", len(avgLoss), len(plainLoss))
			}
			for e := range avgLoss {
				if avgLoss[e] == plainLoss[e] {
					t.Errorf("epoch %d: the averaged run reports the raw test loss %v", e+1, avgLoss[e])
				}
			}
			final := averaged.TestLoss()
			if tc.keepBest {
				best := math.Inf(1)
				for _, l := range avgLoss {
					best = min(best, l)
				}
				if math.Abs(final-best) > 1e-12 {
					t.Fatalf("kept test loss %v, best averaged epoch %v", final, best)
				}
				return
			}
			for i, w := range want {
				if d := math.Abs(averaged.Flow.Params[i] - w); d > 1e-12*(1+math.Abs(w)) {
					t.Fatalf("parameter %d: trained %v, moving average %v", i, averaged.Flow.Params[i], w)
				}
			}
			if math.Abs(final-avgLoss[len(avgLoss)-1]) > 1e-12 {
				t.Fatalf("handed-over flow's test loss %v, last epoch's %v", final, avgLoss[len(avgLoss)-1])
			}
		})
	}
}

// TestAverageAfterRollback checks that a rollback restarts the average at
// the restored parameters: one non-finite step in the middle of the last
// epoch (after good steps) rolls the flow back to the end of the epoch
// before, and the flow handed over is the moving average of the raw
// trajectory from there on (recomputed from a plain twin with the same
// failure), not one that still holds the discarded iterates.
func TestAverageAfterRollback(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 6}
	s := flow.TrainSettings{BatchSize: 50, MaxEpochs: 3, LRStart: 0.01, LREnd: 0.001, Tol: -1}
	avgS := s
	avgS.Average = 1
	plain, averaged := twinTrainers(t, cfg, s, avgS)
	steps := plain.StepsPerEpoch()
	bad := 2*steps + steps/2 + 1 // a gradient call in the middle of epoch 3
	for _, tr := range []*flow.Trainer{plain, averaged} {
		calls := 0
		tr.Grad = func(x []float64, n int, scale float64) (float64, error) {
			calls++
			if calls == bad {
				return math.Inf(1), nil
			}
			return tr.Flow.LossGrad(x, n, scale), nil
		}
	}
	beta := math.Exp2(-1 / float64(steps))
	want := append([]float64(nil), plain.Flow.Params...)
	stale := append([]float64(nil), want...) // the average that ignores the rollback
	n, nStale := 0, 0
	ema := func(avg, p []float64, k int) {
		b := min(beta, float64(k)/float64(k+1))
		for i := range avg {
			avg[i] = b*avg[i] + (1-b)*p[i]
		}
	}
	for call := 1; !plain.Done(); call++ {
		plain.Step()
		if call == bad {
			copy(want, plain.Flow.Params) // restored to the end of epoch 2
			n = 0
			continue
		}
		n++
		nStale++
		ema(want, plain.Flow.Params, n)
		ema(stale, plain.Flow.Params, nStale)
	}
	for !averaged.Done() {
		averaged.Step()
	}
	if plain.Rollbacks() != 1 || averaged.Rollbacks() != 1 || averaged.Reason() != flow.ReasonMaxEpochs {
		t.Fatalf("rollbacks %d, %d, reason %q: want one rollback and a full run", plain.Rollbacks(), averaged.Rollbacks(), averaged.Reason())
	}
	differs := false
	for i, w := range want {
		if d := math.Abs(averaged.Flow.Params[i] - w); d > 1e-12*(1+math.Abs(w)) {
			t.Fatalf("parameter %d: handed over %v, average restarted at the rollback %v (one that ignores it: %v)", i, averaged.Flow.Params[i], w, stale[i])
		}
		differs = differs || math.Abs(stale[i]-w) > 1e-9*(1+math.Abs(w))
	}
	if !differs {
		t.Fatal("the restarted and the stale average agree: the test cannot tell them apart")
	}
}

// TestAverageValidate checks the half-life's range, [0, MaxAverage], which
// does not depend on the run's length.
func TestAverageValidate(t *testing.T) {
	for _, tc := range []struct {
		h  float64
		ok bool
	}{
		{0, true}, {0.25, true}, {20, true}, {flow.MaxAverage, true},
		{-0.5, false}, {flow.MaxAverage + 1, false}, {math.NaN(), false}, {math.Inf(1), false},
	} {
		err := flow.TrainSettings{Average: tc.h, MaxEpochs: 1}.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("Average %v: error %v, want ok=%v", tc.h, err, tc.ok)
		}
	}
}
