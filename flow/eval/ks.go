package eval

import (
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
// not modified. NaN values are left out; if either sample has no other
// value, KS returns NaN.
func KS(a, b []float64) float64 {
	return KSSorted(sortedCopy(a), sortedCopy(b))
}

// KSSorted is [KS] for samples that are already sorted ascending and hold no
// NaN (as [SortFloats] leaves a NaN-free slice), without copying them. It
// returns NaN if either is empty.
func KSSorted(sa, sb []float64) float64 {
	if len(sa) == 0 || len(sb) == 0 {
		return math.NaN()
	}
	na, nb := float64(len(sa)), float64(len(sb))
	d := 0.0
	i, j := 0, 0
	for i < len(sa) && j < len(sb) {
		v := min(sa[i], sb[j])
		if v != v {
			return math.NaN() // a NaN broke the contract; without this it loops for ever
		}
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

// sortedCopy returns the values of x other than NaN, sorted ascending.
func sortedCopy(x []float64) []float64 {
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	slices.Sort(s)
	return s
}

// KSPerFeature returns, for each of the dim columns of the row-major batch x,
// the KS statistic between the rows labelled 1 (signal) and the rows
// labelled 0 (background). The result has length dim; its entries are NaN
// if either class is absent. NaN values are left out, as in [KS]. It panics
// if dim does not divide len(x), labels has not one entry per row, or a
// label is not 0 or 1.
func KSPerFeature(x []float64, dim int, labels []int) []float64 {
	n := rows(x, dim)
	n0, n1 := checkLabels(labels, n)
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
