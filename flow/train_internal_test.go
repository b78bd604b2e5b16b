package flow

import (
	"math"
	"testing"
)

// TestCheckFinite finds the first non-finite gradient (or loss) and passes
// every finite batch, including negative zeros and values near the largest
// float64, whose sum would overflow.
func TestCheckFinite(t *testing.T) {
	for _, c := range []struct {
		name    string
		loss    float64
		grads   []float64
		wantIdx int // -2: no error; -1: the loss
	}{
		{"finite", 1.5, []float64{1, -2, 3e-300, 0}, -2},
		{"negative zeros", 0, []float64{math.Copysign(0, -1), -1e-320, math.Copysign(0, -1)}, -2},
		{"huge but finite", 1, []float64{math.MaxFloat64, math.MaxFloat64, -math.MaxFloat64}, -2},
		{"infinite loss", math.Inf(1), []float64{1, 2}, -1},
		{"NaN loss", math.NaN(), []float64{1, 2}, -1},
		{"infinite gradient", 1, []float64{1, 2, math.Inf(-1), math.NaN()}, 2},
		{"NaN gradient", 1, []float64{math.NaN(), 2}, 0},
		{"last gradient", 1, []float64{0, 0, 0, math.Inf(1)}, 3},
		{"after the unrolled part", 1, []float64{1, 2, 3, 4, 5, 6, 7, 8, math.NaN()}, 8},
		{"in the unrolled part", 1, []float64{1, 2, 3, 4, 5, math.Inf(1), 7, 8, 9}, 5},
		{"no gradients", 1, nil, -2},
	} {
		tr := &Trainer{Flow: &Flow{Grads: c.grads}}
		err := tr.checkFinite(c.loss)
		switch {
		case c.wantIdx == -2 && err != nil:
			t.Errorf("%s: %v, want no error", c.name, err)
		case c.wantIdx != -2 && err == nil:
			t.Errorf("%s: no error, want one at index %d", c.name, c.wantIdx)
		case err != nil && err.Index != c.wantIdx:
			t.Errorf("%s: error at index %d, want %d", c.name, err.Index, c.wantIdx)
		}
	}
}

// BenchmarkAllFinite checks a gradient the size of the paper MADE's.
func BenchmarkAllFinite(b *testing.B) {
	x := make([]float64, 342464)
	for i := range x {
		x[i] = float64(i%13) - 6
	}
	for b.Loop() {
		if !allFinite(x) {
			b.Fatal("finite values reported as not finite")
		}
	}
}
