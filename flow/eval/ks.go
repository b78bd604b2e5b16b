package eval

import (
	"fmt"
	"math"
	"slices"
)

// KS returns the two-sample Kolmogorov–Smirnov statistic
//
//	D = sup_v |F_a(v) − F_b(v)|
//
// where F_a and F_b are the empirical distribution functions of a and b.
// It is exact: both samples are sorted and D is evaluated after all copies
// of each distinct value have been counted in both samples, so ties between
// and within samples are handled as scipy.stats.ks_2samp does. a and b are
// not modified. KS panics if either sample is empty or holds a NaN.
func KS(a, b []float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		panic("eval: KS of an empty sample")
	}
	sa, sb := sortedCopy(a), sortedCopy(b)
	na, nb := float64(len(sa)), float64(len(sb))
	d := 0.0
	i, j := 0, 0
	for i < len(sa) && j < len(sb) {
		v := min(sa[i], sb[j])
		for i < len(sa) && sa[i] == v {
			i++
		}
		for j < len(sb) && sb[j] == v {
			j++
		}
		d = max(d, math.Abs(float64(i)/na-float64(j)/nb))
	}
	// Once one sample is used up its distribution function is 1 and the other's
	// only grows towards 1, so the gap only shrinks: D is found.
	return d
}

// sortedCopy returns x sorted ascending, panicking on NaN.
func sortedCopy(x []float64) []float64 {
	s := slices.Clone(x)
	for _, v := range s {
		if math.IsNaN(v) {
			panic("eval: KS sample holds NaN")
		}
	}
	slices.Sort(s)
	return s
}

// KSPerFeature returns, for each of the dim columns of the row-major batch x,
// the KS statistic between the rows labelled 1 (signal) and the rows
// labelled 0 (background). The result has length dim. It panics if dim does
// not divide len(x), labels has not one entry per row, a label is not 0 or
// 1, either class is absent, or a value is NaN.
func KSPerFeature(x []float64, dim int, labels []int) []float64 {
	n := rows(x, dim)
	n0, n1 := checkLabels(labels, n)
	if n0 == 0 || n1 == 0 {
		panic(fmt.Sprintf("eval: KSPerFeature needs both classes, have %d background and %d signal rows", n0, n1))
	}
	c0, c1 := make([]float64, 0, n0), make([]float64, 0, n1)
	d := make([]float64, dim)
	for f := range dim {
		c0, c1 = c0[:0], c1[:0]
		for i := range n {
			if labels[i] == 1 {
				c1 = append(c1, x[i*dim+f])
			} else {
				c0 = append(c0, x[i*dim+f])
			}
		}
		d[f] = KS(c1, c0)
	}
	return d
}
