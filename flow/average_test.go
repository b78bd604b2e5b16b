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
