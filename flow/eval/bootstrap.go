package eval

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Bootstrap returns the 95% percentile bootstrap confidence interval of a
// statistic of n rows. It draws reps resamples of n row indices in [0, n)
// with replacement from rng, calls stat on each, and returns the 2.5% and
// 97.5% quantiles (see [Quantile]) of the results. The idx slice passed to
// stat is reused between calls; stat must not keep it. Resamples whose
// statistic is NaN (say, an AUC of a resample without signal rows) are
// left out; if all are NaN, both bounds are NaN. Bootstrap panics if n < 1
// or reps < 2.
func Bootstrap(n, reps int, rng *rand.Rand, stat func(idx []int) float64) (lo, hi float64) {
	if n < 1 || reps < 2 {
		panic("eval: Bootstrap needs n >= 1 and reps >= 2")
	}
	idx := make([]int, n)
	vals := make([]float64, 0, reps)
	for range reps {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if v := stat(idx); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(vals)
	return Quantile(vals, 0.025), Quantile(vals, 0.975)
}
