package eval

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Correlation returns the dim×dim Pearson correlation matrix of the columns
// of the row-major batch x, row-major. The diagonal is exactly 1; a column
// with zero variance gives NaN or ±Inf off the diagonal. x is not modified.
// Correlation panics if dim does not divide len(x) or x has no rows.
func Correlation(x []float64, dim int) []float64 {
	n := rows(x, dim)
	if n == 0 {
		panic("eval: Correlation of an empty batch")
	}
	var c mat.SymDense
	stat.CorrelationMatrix(&c, mat.NewDense(n, dim, x), nil)
	out := make([]float64, dim*dim)
	for i := range dim {
		for j := range dim {
			out[i*dim+j] = c.At(i, j)
		}
	}
	return out
}

// Histogram returns the counts of x in bins equal-width bins over [lo, hi],
// with numpy.histogram's conventions: bin i covers [lo+i·w, lo+(i+1)·w)
// with w = (hi−lo)/bins, except the last bin, which also includes hi.
// Values outside [lo, hi] and NaN are dropped, not clamped, so the counts
// sum to the number of values inside the range; use [MinMax] for a range
// that holds everything. A range that is empty or not finite (lo >= hi, a
// NaN or an infinite bound, or a width hi−lo that overflows) holds nothing:
// every count is 0. Histogram panics if bins < 1.
func Histogram(x []float64, lo, hi float64, bins int) []float64 {
	if bins < 1 {
		panic("eval: Histogram needs bins >= 1")
	}
	h := make([]float64, bins)
	scale := float64(bins) / (hi - lo)
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(scale > 0) || math.IsInf(scale, 0) {
		return h
	}
	for _, v := range x {
		if !(v >= lo && v <= hi) {
			continue
		}
		b := int((v - lo) * scale)
		if b >= bins {
			b = bins - 1
		}
		h[b]++
	}
	return h
}

// MinMax returns the smallest and largest finite values in x, ignoring NaN
// and ±Inf (so the range suits [Histogram]). If x holds no finite value,
// both results are NaN.
func MinMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	seen := false
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		seen = true
		lo, hi = min(lo, v), max(hi, v)
	}
	if !seen {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

// Quantile returns the p-quantile (0 <= p <= 1) of the ascending-sorted
// sample sorted, interpolating linearly between order statistics: with
// h = (n−1)·p, it is sorted[⌊h⌋] + (h−⌊h⌋)·(sorted[⌊h⌋+1] − sorted[⌊h⌋]).
// This is numpy.quantile's default ("linear", Hyndman–Fan type 7).
// Quantile panics if sorted is empty or p is outside [0, 1]; it does not
// check that sorted is sorted.
func Quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 || !(p >= 0 && p <= 1) {
		panic("eval: Quantile needs a non-empty sample and 0 <= p <= 1")
	}
	h := float64(len(sorted)-1) * p
	i := int(h)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
