package eval_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow/eval"
)

// TestNonFiniteScores: NaN and ±Inf scores are ranked, counted and cut without a panic,
// and the two AUC computations agree.
func TestNonFiniteScores(t *testing.T) {
	score := []float64{math.NaN(), 2, math.Inf(1), math.Inf(-1), 0.5, math.NaN()}
	labels := []int{1, 1, 1, 0, 0, 0}
	if n := eval.NonFinite(score); n != 4 {
		t.Errorf("NonFinite = %d, want 4", n)
	}
	// Ranking: +Inf(1) > 2(1) > 0.5(0) > {−Inf(0), NaN(1), NaN(0)} tied last.
	// Pairs (signal, background) = 9; signal above: +Inf and 2 beat all 3 → 6; NaN ties the
	// 2 tied background rows (2 halves = 1) and loses to 0.5: AUC = 7/9.
	c := eval.ROC(score, labels)
	if a, r := c.AUC(), eval.AUCRank(score, labels); math.Abs(a-7.0/9) > 1e-12 || math.Abs(r-7.0/9) > 1e-12 {
		t.Errorf("AUC %v, AUCRank %v, want 7/9", a, r)
	}
	if ap := eval.AveragePrecision(score, labels); math.IsNaN(ap) || ap < 0 || ap > 1 {
		t.Errorf("AveragePrecision = %v", ap)
	}
	if got := eval.AtCut([]float64{math.NaN(), math.Inf(-1), math.Inf(1)}, []int{1, 1, 0}, 0); got != (eval.Confusion{TP: 1, FN: 1, TN: 1}) {
		t.Errorf("AtCut = %+v", got)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 1e308, -1e308}
	for range 200 {
		n := 1 + rng.IntN(30)
		s, l := make([]float64, n), make([]int, n)
		for i := range s {
			s[i] = rng.NormFloat64()
			if rng.IntN(3) == 0 {
				s[i] = specials[rng.IntN(len(specials))]
			}
			l[i] = rng.IntN(2)
		}
		a, r := eval.ROC(s, l).AUC(), eval.AUCRank(s, l)
		if !(math.IsNaN(a) && math.IsNaN(r)) && (math.Abs(a-r) > 1e-12 || a < 0 || a > 1) {
			t.Fatalf("scores %v labels %v: AUC %v, AUCRank %v", s, l, a, r)
		}
		eval.AveragePrecision(s, l)
		lo, hi := eval.MinMax(s)
		if lo < hi {
			eval.Histogram(s, lo, hi, 10)
		}
		eval.KS(s, s[:n/2+1])
	}
}

// TestGMMNonFiniteInput: a fitted GMM scores NaN, ±Inf and huge rows without a panic,
// and fits data at the largest magnitude tables may hold.
func TestGMMNonFiniteInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	n := 200
	x, labels := make([]float64, 2*n), make([]int, n)
	for i := range n {
		labels[i] = i % 2
		x[2*i], x[2*i+1] = rng.NormFloat64()+float64(labels[i]), 1e50*rng.NormFloat64()
	}
	g, err := eval.FitGMMBayes(x, 2, labels, 3, rng, eval.GMMSettings{})
	if err != nil {
		t.Fatal(err)
	}
	rows := []float64{math.NaN(), 0, math.Inf(1), 0, 1e308, -1e308, 0, 0}
	tt := make([]float64, 4)
	g.T(tt, rows)
	if math.IsNaN(tt[3]) || math.IsInf(tt[3], 0) {
		t.Errorf("finite row scored %v", tt[3])
	}
}
