package eval_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"flowlab/flow/eval"
)

func TestKS(t *testing.T) {
	// D = sup |F_a − F_b| counted by hand from the step functions.
	for i, c := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{3, 1, 2}, 0},
		{[]float64{1, 2, 3}, []float64{4, 5, 6}, 1},
		{[]float64{1, 1, 2}, []float64{1, 2, 2}, 1.0 / 3}, // ties across samples: at 1, 2/3 vs 1/3
		{[]float64{2, 2, 2}, []float64{1, 2, 3}, 1.0 / 3}, // at 1: 0 vs 1/3; at 2: 1 vs 2/3
		{[]float64{0.1, 0.2, 0.3, 0.4}, []float64{0.25, 0.5}, 0.5},
		{[]float64{1, 2, 3, 4, 5}, []float64{2.5}, 0.6},     // at 2: 0.4 vs 0; at 2.5: 0.4 vs 1
		{[]float64{5, 4, 3, 2, 1}, []float64{5, 5, 5}, 0.8}, // at 4: 0.8 vs 0
	} {
		if got := eval.KS(c.a, c.b); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%d: KS(%v, %v) = %v, want %v", i, c.a, c.b, got, c.want)
		}
		if got := eval.KS(c.b, c.a); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%d: KS is not symmetric: KS(b, a) = %v, want %v", i, got, c.want)
		}
	}
	// The inputs are not reordered.
	a := []float64{3, 1, 2}
	eval.KS(a, []float64{0})
	if a[0] != 3 || a[1] != 1 || a[2] != 2 {
		t.Errorf("KS modified its input: %v", a)
	}
}

func TestKSPerFeature(t *testing.T) {
	// Column 0 is case {1,1,2} (signal) vs {1,2,2} (background) above;
	// column 1 separates the classes completely.
	x := []float64{
		1, 10,
		1, 11,
		2, 12,
		1, 0,
		2, 1,
		2, 2,
	}
	labels := []int{1, 1, 1, 0, 0, 0}
	got := eval.KSPerFeature(x, 2, labels)
	if want := []float64{1.0 / 3, 1}; !near(got, want, 1e-15) {
		t.Errorf("KSPerFeature = %v, want %v", got, want)
	}
	for _, v := range eval.KSPerFeature(x, 2, []int{0, 0, 0, 0, 0, 0}) {
		if !math.IsNaN(v) {
			t.Errorf("KSPerFeature with one class = %v, want NaN", v)
		}
	}
	// NaN values are left out.
	x[0], x[5] = math.NaN(), math.NaN()
	if got := eval.KSPerFeature(x, 2, labels); !near(got, []float64{1.0 / 6, 1}, 1e-15) {
		t.Errorf("KSPerFeature with NaN = %v, want [1/6 1]", got)
	}
	if d := eval.KS([]float64{math.NaN()}, []float64{1}); !math.IsNaN(d) {
		t.Errorf("KS of an all-NaN sample = %v, want NaN", d)
	}
}

func TestKSSharedData(t *testing.T) {
	x, labels := loadShared(t)
	got := eval.KSPerFeature(x, 4, labels)
	// PROVENANCE.md: scipy ks_2samp on this file, per feature u-g, g-r, r-i, i-z;
	// the paper's Table I gives the same values to two decimals.
	want := []float64{0.80197, 0.93966, 0.90527, 0.75605}
	paper := []float64{0.80, 0.94, 0.91, 0.76}
	for f := range want {
		if math.Abs(got[f]-want[f]) > 1e-5 {
			t.Errorf("feature %d: KS = %.6f, want %.5f (PROVENANCE.md)", f, got[f], want[f])
		}
		if math.Abs(got[f]-paper[f]) > 0.005 {
			t.Errorf("feature %d: KS = %.6f does not round to the paper's %.2f", f, got[f], paper[f])
		}
	}
	// The all-background baseline (ARCHITECTURE.md: 0.9948): 92658 of 93141.
	if acc := eval.AllBackground(labels).Accuracy(); math.Abs(acc-92658.0/93141) > 1e-15 {
		t.Errorf("AllBackground accuracy = %v, want 92658/93141", acc)
	}
}

func TestKSSortedMatchesKS(t *testing.T) {
	// Rounded normal samples (many ties, within and between the samples) of
	// several sizes: KSSorted on sorted copies is KS on the raw samples.
	rng := rand.New(rand.NewPCG(7, 11))
	for _, n := range [][2]int{{1, 1}, {3, 200}, {483, 92}, {1000, 1000}, {5000, 17}} {
		a, b := make([]float64, n[0]), make([]float64, n[1])
		for i := range a {
			a[i] = math.Round(rng.NormFloat64()*10) / 10
		}
		for i := range b {
			b[i] = math.Round((rng.NormFloat64()+0.3)*10) / 10
		}
		want := eval.KS(a, b)
		sa, sb := slices.Clone(a), slices.Clone(b)
		eval.SortFloats(sa)
		eval.SortFloats(sb)
		if got := eval.KSSorted(sa, sb); got != want {
			t.Errorf("sizes %v: KSSorted = %v, KS = %v", n, got, want)
		}
	}
	if got := eval.KSSorted(nil, []float64{1}); !math.IsNaN(got) {
		t.Errorf("KSSorted of an empty sample = %v, want NaN", got)
	}
}

// TestKSSortedNaNEnds: a NaN, which KSSorted's callers must leave out, makes
// it return NaN rather than loop for ever.
func TestKSSortedNaNEnds(t *testing.T) {
	for _, c := range [][2][]float64{
		{{math.NaN()}, {1}},
		{{0, 1}, {math.NaN(), 2}},
	} {
		if got := eval.KSSorted(c[0], c[1]); !math.IsNaN(got) {
			t.Errorf("KSSorted(%v, %v) = %v, want NaN", c[0], c[1], got)
		}
	}
}
