package inspectview

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"flowlab/flow"
)

// TestLedgerTermsSum checks the ledger against the engine's own density
// (Flow.LogProb, computed by a different code path): ln N(z) plus every
// layer's log-determinant is ln p(x) within 1e-9 for both flows, and t is
// their difference.
func TestLedgerTermsSum(t *testing.T) {
	for _, model := range []string{flow.ModelRealNVP, flow.ModelMADE} {
		flows := [2]*flow.Flow{randomFlow(t, model, 4, 3, true, 1), randomFlow(t, model, 4, 3, true, 2)}
		rng := rand.New(rand.NewPCG(5, 5))
		for range 20 {
			x := make([]float64, 4)
			for j := range x {
				x[j] = 1.5 * rng.NormFloat64()
			}
			e := NewLedgerEntry(flows, x, 1, "test")
			var lp [2]float64
			for c, f := range flows {
				want := make([]float64, 1)
				f.LogProb(want, x, 1)
				col := e.Cols[c]
				if len(col.LogDet) != len(f.Layers()) || len(col.Kinds) != len(f.Layers()) {
					t.Fatalf("%s flow %d: %d terms for %d layers", model, c, len(col.LogDet), len(f.Layers()))
				}
				sum := col.Base
				for _, v := range col.LogDet {
					sum += v
				}
				if math.Abs(sum-want[0]) > 1e-9 || math.Abs(col.LogProb-want[0]) > 1e-9 {
					t.Fatalf("%s flow %d: terms sum to %.15g, LogProb %.15g (shown %.15g)", model, c, sum, want[0], col.LogProb)
				}
				lp[c] = want[0]
				// The permutations' terms are exactly zero.
				for k, kind := range col.Kinds {
					if kind == "permute" && col.LogDet[k] != 0 {
						t.Errorf("%s: permutation layer %d has log-det %v", model, k, col.LogDet[k])
					}
				}
			}
			if math.Abs(e.T-(lp[0]-lp[1])) > 1e-9 {
				t.Fatalf("%s: t = %v, want ln p0 − ln p1 = %v", model, e.T, lp[0]-lp[1])
			}
			if e.Signal(e.T+1) != true || e.Signal(e.T) != false {
				t.Errorf("the decision at cut must be RR Lyrae iff t < cut")
			}
		}
	}
}

// TestWorstMisclassified checks the selection on a hand-made list: the RR
// Lyrae (label 1) with the largest t come first, then background stars with
// the smallest t.
func TestWorstMisclassified(t *testing.T) {
	tests := []struct {
		name   string
		t      []float64
		labels []int
		cut    float64
		k      int
		rr, bg []int
	}{
		{"mixed", []float64{3, -1, 5, -7, 0.5, -2, 9}, []int{1, 0, 1, 1, 0, 0, 0}, 0, 2, []int{2, 0}, []int{5, 1}},
		{"right ones left out", []float64{3, -1, 5, -7, 0.5, -2, 9}, []int{1, 0, 1, 1, 0, 0, 0}, -1.5, 5, []int{2, 0}, []int{5}},
		{"k larger than a class", []float64{1, 2, 3}, []int{0, 1, 0}, 2.5, 5, nil, []int{0}},
		{"ties keep row order", []float64{4, 4, -1, -1}, []int{1, 1, 0, 0}, 0, 1, []int{0}, []int{2}},
		{"NaN is wrong for RR Lyrae", []float64{math.NaN(), 1}, []int{1, 0}, 0, 3, []int{0}, nil},
		{"lengths differ", []float64{1}, []int{1, 0}, 0, 3, nil, nil},
		{"empty", nil, nil, 0, 3, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rr, bg := WorstMisclassified(tc.t, tc.labels, tc.cut, tc.k)
			if !slices.Equal(rr, tc.rr) || !slices.Equal(bg, tc.bg) {
				t.Errorf("got rr %v, bg %v; want rr %v, bg %v", rr, bg, tc.rr, tc.bg)
			}
		})
	}
}
