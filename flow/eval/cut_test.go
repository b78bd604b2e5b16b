package eval_test

import (
	"math"
	"testing"

	"flowlab/flow/eval"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestAtCut(t *testing.T) {
	// Counted by hand: signal iff t < cut, label 1 is signal.
	ts := []float64{-3, -1, 0, 0.5, 2, -0.2}
	labels := []int{1, 0, 1, 1, 0, 1}
	for _, c := range []struct {
		cut  float64
		want eval.Confusion
	}{
		{0, eval.Confusion{TP: 2, FP: 1, TN: 1, FN: 2}}, // t = 0 is not below the cut
		{1, eval.Confusion{TP: 4, FP: 1, TN: 1, FN: 0}},
		{-1, eval.Confusion{TP: 1, FP: 0, TN: 2, FN: 3}},
		{math.Inf(-1), eval.Confusion{TP: 0, FP: 0, TN: 2, FN: 4}},
		{math.Inf(1), eval.Confusion{TP: 4, FP: 2, TN: 0, FN: 0}},
	} {
		if got := eval.AtCut(ts, labels, c.cut); got != c.want {
			t.Errorf("AtCut(cut=%v) = %+v, want %+v", c.cut, got, c.want)
		}
	}
	if got, want := eval.AtCut([]float64{math.NaN()}, []int{1}, 0), (eval.Confusion{FN: 1}); got != want {
		t.Errorf("AtCut(NaN) = %+v, want %+v (NaN is never below a cut)", got, want)
	}
}

func TestConfusionRatios(t *testing.T) {
	// Definitions: paper section V (fractions of all rows) and astroML
	// (completeness, contamination); values by hand.
	c := eval.Confusion{TP: 2, FP: 1, TN: 1, FN: 2}
	z := eval.Confusion{}
	for _, r := range []struct {
		name      string
		got, want float64
	}{
		{"Accuracy", c.Accuracy(), 3.0 / 6},
		{"FalsePositiveFraction", c.FalsePositiveFraction(), 1.0 / 6},
		{"FalseNegativeFraction", c.FalseNegativeFraction(), 2.0 / 6},
		{"Completeness", c.Completeness(), 2.0 / 4},
		{"Contamination", c.Contamination(), 1.0 / 3},
		{"FalsePositiveRate", c.FalsePositiveRate(), 1.0 / 2},
		{"TruePositiveRate", c.TruePositiveRate(), 2.0 / 4},
		{"Total", float64(c.Total()), 6},
		// Zero denominators give 0.
		{"zero Accuracy", z.Accuracy(), 0},
		{"zero Contamination", eval.Confusion{FN: 3, TN: 2}.Contamination(), 0},
		{"zero Completeness", eval.Confusion{FP: 3, TN: 2}.Completeness(), 0},
		{"zero FalsePositiveRate", eval.Confusion{TP: 3, FN: 2}.FalsePositiveRate(), 0},
	} {
		if math.Abs(r.got-r.want) > 1e-15 {
			t.Errorf("%s = %v, want %v", r.name, r.got, r.want)
		}
	}
}

func TestAllBackground(t *testing.T) {
	labels := []int{0, 0, 1, 0, 1}
	got := eval.AllBackground(labels)
	if want := (eval.Confusion{TN: 3, FN: 2}); got != want {
		t.Fatalf("AllBackground = %+v, want %+v", got, want)
	}
	if got != eval.AtCut(make([]float64, len(labels)), labels, math.Inf(-1)) {
		t.Errorf("AllBackground differs from AtCut with cut −Inf")
	}
}

func TestPriorCut(t *testing.T) {
	// By hand: ln(n1/n0). ln(1/100) = −2 ln 10; the data set's counts
	// 92658 and 483 (PROVENANCE.md) give ln(483/92658) = −5.256653920798484
	// (python3 math.log).
	for _, c := range []struct {
		n0, n1 int
		want   float64
	}{
		{100, 1, -2 * math.Ln10},
		{1, 100, 2 * math.Ln10},
		{7, 7, 0},
		{92658, 483, -5.256653920798484},
	} {
		if got := eval.PriorCut(c.n0, c.n1); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("PriorCut(%d, %d) = %.16g, want %.16g", c.n0, c.n1, got, c.want)
		}
	}
}

func TestPriorCutMinimisesErrors(t *testing.T) {
	// Background x ~ N(0,1), signal x ~ N(2,1), so t = ln p0 − ln p1 = 2 − 2x
	// and "t < c" is "x > (2−c)/2". With priors π0, π1 the expected error
	// rate is π0·P0(x > (2−c)/2) + π1·P1(x ≤ (2−c)/2). The Bayes argument
	// says PriorCut is its minimum: check it beats nearby cuts and cut 0.
	n0, n1 := 92658, 483
	pi0 := float64(n0) / float64(n0+n1)
	pi1 := 1 - pi0
	bg, sig := distuv.UnitNormal, distuv.Normal{Mu: 2, Sigma: 1}
	risk := func(c float64) float64 {
		xc := (2 - c) / 2
		return pi0*bg.Survival(xc) + pi1*sig.CDF(xc)
	}
	best := eval.PriorCut(n0, n1)
	rb := risk(best)
	for _, c := range []float64{best - 0.1, best + 0.1, best - 1e-3, best + 1e-3, 0, -best} {
		if r := risk(c); r <= rb {
			t.Errorf("risk(%v) = %v is not above risk(PriorCut=%v) = %v", c, r, best, rb)
		}
	}
}

func TestCutPanics(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"length", func() { eval.AtCut([]float64{1, 2}, []int{0}, 0) }},
		{"label", func() { eval.AtCut([]float64{1}, []int{2}, 0) }},
		{"negative label", func() { eval.AllBackground([]int{0, -1}) }},
		{"PriorCut zero", func() { eval.PriorCut(10, 0) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}
