package eval_test

import (
	"math"
	"testing"

	"flowlab/flow/eval"
)

func TestCorrelation(t *testing.T) {
	// Columns a = (1,2,3,4), b = (1,3,2,4), 2a+1 and −a. By hand:
	// centred a and b are (−1.5,−.5,.5,1.5) and (−1.5,.5,−.5,1.5), so
	// r(a,b) = 4/√(5·5) = 0.8; linear images of a correlate ±1.
	x := []float64{
		1, 1, 3, -1,
		2, 3, 5, -2,
		3, 2, 7, -3,
		4, 4, 9, -4,
	}
	want := []float64{
		1, 0.8, 1, -1,
		0.8, 1, 0.8, -0.8,
		1, 0.8, 1, -1,
		-1, -0.8, -1, 1,
	}
	if got := eval.Correlation(x, 4); !near(got, want, 1e-14) {
		t.Errorf("Correlation = %v, want %v", got, want)
	}
}

func TestHistogram(t *testing.T) {
	// numpy.histogram conventions, counted by hand.
	x := []float64{0, 0.5, 1, 1.5, 2, -1, 3, math.NaN(), 0.49}
	for _, c := range []struct {
		lo, hi float64
		bins   int
		want   []float64
	}{
		{0, 2, 4, []float64{2, 1, 1, 2}}, // [0,.5) [.5,1) [1,1.5) [1.5,2]; −1, 3 and NaN dropped
		{0, 2, 1, []float64{6}},
		{-1, 3, 2, []float64{4, 4}}, // [−1,1) [1,3]
	} {
		if got := eval.Histogram(x, c.lo, c.hi, c.bins); !near(got, c.want, 0) {
			t.Errorf("Histogram(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.bins, got, c.want)
		}
	}
	// Empty or non-finite ranges hold nothing (no panic: the range may come from data).
	for _, bad := range []struct{ lo, hi float64 }{{1, 1}, {2, 1}, {0, math.Inf(1)}, {math.NaN(), 1}, {-1e308, 1e308}, {1e50, 1e50 + 0.5}} {
		if got := eval.Histogram(x, bad.lo, bad.hi, 3); !near(got, []float64{0, 0, 0}, 0) {
			t.Errorf("Histogram(%v, %v, 3) = %v, want zeros", bad.lo, bad.hi, got)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("Histogram with 0 bins did not panic")
			}
		}()
		eval.Histogram(x, 0, 1, 0)
	}()
}

func TestMinMax(t *testing.T) {
	for _, c := range []struct {
		x      []float64
		lo, hi float64
	}{
		{[]float64{3, math.NaN(), -1, 2}, -1, 3},
		{[]float64{math.Inf(1), 2, math.Inf(-1), 1}, 1, 2},
		{[]float64{5}, 5, 5},
		{[]float64{math.Inf(-1), 0}, 0, 0},
	} {
		if lo, hi := eval.MinMax(c.x); lo != c.lo || hi != c.hi {
			t.Errorf("MinMax(%v) = %v, %v, want %v, %v", c.x, lo, hi, c.lo, c.hi)
		}
	}
	for _, x := range [][]float64{nil, {math.NaN()}, {math.Inf(1), math.Inf(-1)}} {
		if lo, hi := eval.MinMax(x); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("MinMax(%v) = %v, %v, want NaN, NaN", x, lo, hi)
		}
	}
}

func TestQuantile(t *testing.T) {
	// numpy.quantile's default (linear, type 7), by hand: h = (n−1)p.
	for _, c := range []struct {
		x       []float64
		p, want float64
	}{
		{[]float64{1, 2, 3, 4}, 0, 1},
		{[]float64{1, 2, 3, 4}, 1, 4},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4}, 0.25, 1.75},
		{[]float64{10, 20}, 0.1, 11},
		{[]float64{7}, 0.3, 7},
	} {
		if got := eval.Quantile(c.x, c.p); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.x, c.p, got, c.want)
		}
	}
}
