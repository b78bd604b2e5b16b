package eval_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow/eval"
)

func TestBootstrapMean(t *testing.T) {
	// For the mean of n normal draws the percentile interval approaches
	// mean ± 1.96·s/√n (normal theory). With 2000 resamples the interval's
	// ends scatter by a few percent of its width; allow 10%.
	rng := rand.New(rand.NewPCG(5, 6))
	n := 400
	x := make([]float64, n)
	for i := range x {
		x[i] = 3 + 2*rng.NormFloat64()
	}
	mean := func(idx []int) float64 {
		s := 0.0
		for _, i := range idx {
			s += x[i]
		}
		return s / float64(len(idx))
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	m := mean(all)
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	half := 1.96 * math.Sqrt(ss/float64(n-1)/float64(n))
	lo, hi := eval.Bootstrap(n, 2000, rand.New(rand.NewPCG(7, 8)), mean)
	if math.Abs(lo-(m-half)) > 0.1*half || math.Abs(hi-(m+half)) > 0.1*half {
		t.Errorf("Bootstrap = [%v, %v], want about [%v, %v]", lo, hi, m-half, m+half)
	}
	// Same seed, same interval.
	lo2, hi2 := eval.Bootstrap(n, 2000, rand.New(rand.NewPCG(7, 8)), mean)
	if lo2 != lo || hi2 != hi {
		t.Errorf("Bootstrap not deterministic: [%v, %v] then [%v, %v]", lo, hi, lo2, hi2)
	}
}

func TestBootstrapEdgeCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	// One row: every resample is {0, 0, ...}, the interval is a point.
	if lo, hi := eval.Bootstrap(1, 10, rng, func(idx []int) float64 { return float64(len(idx) + idx[0]) }); lo != 1 || hi != 1 {
		t.Errorf("n=1: [%v, %v], want [1, 1]", lo, hi)
	}
	// NaN statistics are left out; all NaN gives NaN bounds.
	calls := 0
	lo, hi := eval.Bootstrap(5, 10, rng, func([]int) float64 {
		calls++
		if calls%2 == 0 {
			return math.NaN()
		}
		return 2
	})
	if lo != 2 || hi != 2 {
		t.Errorf("half NaN: [%v, %v], want [2, 2]", lo, hi)
	}
	if lo, hi := eval.Bootstrap(5, 10, rng, func([]int) float64 { return math.NaN() }); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("all NaN: [%v, %v], want NaN", lo, hi)
	}
}
