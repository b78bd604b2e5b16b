package eval

import (
	"cmp"
	"math"
	"slices"
)

// Curve is a receiver operating characteristic curve. Point i is the
// false-positive rate FPR[i] and true-positive rate TPR[i] of the decision
// "signal iff score >= Threshold[i]". Points are ordered by decreasing
// threshold: the first is (0, 0) with Threshold +Inf, the last is (1, 1)
// with the smallest score as threshold. There is one point per distinct
// score, so rows with equal scores enter the curve together. The three
// slices have equal length.
type Curve struct{ FPR, TPR, Threshold []float64 }

// scored is one row for sorting.
type scored struct {
	s     float64
	label int
}

// sortedDesc returns the rows ordered by decreasing score and the class
// counts. A NaN score ranks as −Inf: below every other score, tied with
// −Inf, so it is called signal only by the last point of a curve (as [AtCut]
// never calls a NaN statistic signal). It panics on a length mismatch or a
// label other than 0 or 1.
func sortedDesc(score []float64, labels []int) (r []scored, n0, n1 int) {
	n0, n1 = checkLabels(labels, len(score))
	r = make([]scored, len(score))
	for i, s := range score {
		if math.IsNaN(s) {
			s = math.Inf(-1)
		}
		r[i] = scored{s, labels[i]}
	}
	slices.SortFunc(r, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	return r, n0, n1
}

// steps calls fn once per distinct score in r (sorted by decreasing score)
// with that score and the cumulative true and false positives of the
// decision "signal iff score >= s".
func steps(r []scored, fn func(s float64, tp, fp int)) {
	tp, fp := 0, 0
	for i, x := range r {
		if x.label == 1 {
			tp++
		} else {
			fp++
		}
		if i == len(r)-1 || r[i+1].s != x.s {
			fn(x.s, tp, fp)
		}
	}
}

// ROC returns the ROC curve of score against labels, where a LARGER score
// means MORE LIKELY SIGNAL (label 1): pass −t for the test statistic t.
// If either class is absent the rates are undefined and ROC returns the
// zero Curve. A NaN score ranks below every other score (see [NonFinite] to
// count them). ROC panics if the lengths differ or a label is not 0 or 1.
func ROC(score []float64, labels []int) Curve {
	r, n0, n1 := sortedDesc(score, labels)
	if n0 == 0 || n1 == 0 {
		return Curve{}
	}
	c := Curve{FPR: []float64{0}, TPR: []float64{0}, Threshold: []float64{math.Inf(1)}}
	steps(r, func(s float64, tp, fp int) {
		c.FPR = append(c.FPR, float64(fp)/float64(n0))
		c.TPR = append(c.TPR, float64(tp)/float64(n1))
		c.Threshold = append(c.Threshold, s)
	})
	return c
}

// AUC returns the area under the curve by the trapezoid rule, which for a
// curve from [ROC] equals the probability that a random signal row scores
// above a random background row, ties counting one half. It returns NaN for
// a curve with fewer than two points.
func (c Curve) AUC() float64 {
	if len(c.FPR) < 2 {
		return math.NaN()
	}
	a := 0.0
	for i := 1; i < len(c.FPR); i++ {
		a += (c.FPR[i] - c.FPR[i-1]) * (c.TPR[i] + c.TPR[i-1]) / 2
	}
	return a
}

// AveragePrecision returns scikit-learn's average precision of score against
// labels (larger score = more likely signal):
//
//	AP = Σ_n (R_n − R_{n−1}) P_n
//
// over distinct thresholds in decreasing order, where P_n and R_n are the
// precision and recall of "signal iff score >= threshold n" and R_0 = 0.
// It is the area under the step-wise precision–recall curve, without
// interpolation. It returns NaN if no row is labelled 1, and panics like
// [ROC].
func AveragePrecision(score []float64, labels []int) float64 {
	r, _, n1 := sortedDesc(score, labels)
	if n1 == 0 {
		return math.NaN()
	}
	ap, prevTP := 0.0, 0
	steps(r, func(_ float64, tp, fp int) {
		ap += float64(tp-prevTP) / float64(n1) * float64(tp) / float64(tp+fp)
		prevTP = tp
	})
	return ap
}

// AUCRank returns the ROC AUC from the Mann–Whitney U statistic: the sum of
// the signal rows' ranks (tied scores get their mean rank) minus
// n1(n1+1)/2, divided by n0·n1. It equals ROC(score, labels).AUC() up to
// rounding and serves as an independent check. It returns NaN if either
// class is absent, and panics like [ROC].
func AUCRank(score []float64, labels []int) float64 {
	r, n0, n1 := sortedDesc(score, labels)
	if n0 == 0 || n1 == 0 {
		return math.NaN()
	}
	// r is in decreasing order; rank 1 belongs to the smallest score.
	n := len(r)
	rankSum := 0.0
	for i := 0; i < n; {
		j := i
		pos := 0
		for ; j < n && r[j].s == r[i].s; j++ {
			pos += r[j].label
		}
		// Rows i..j-1 hold ascending ranks n-j+1 .. n-i; their mean:
		mid := float64(2*n-i-j+1) / 2
		rankSum += float64(pos) * mid
		i = j
	}
	u := rankSum - float64(n1)*float64(n1+1)/2
	return u / (float64(n0) * float64(n1))
}

// Downsample returns a curve of at most maxPoints points with the same
// shape, for plotting curves with one point per star. Along a monotone
// curve the L1 arc length up to a point is s = FPR+TPR, from 0 to 2.
// Downsample keeps the first and the last point and, for each stretch of s
// of length step = 2/(maxPoints−1), the first point inside it. On every
// anti-diagonal FPR+TPR = s the kept and the original curve then differ by
// less than step, so the plotted line moves by less than step and the
// trapezoid AUC by at most 2·step. Curves with at most maxPoints points are
// returned as copies. Downsample panics if maxPoints < 2 or the slices'
// lengths differ.
func (c Curve) Downsample(maxPoints int) Curve {
	if maxPoints < 2 {
		panic("eval: Downsample needs maxPoints >= 2")
	}
	n := len(c.FPR)
	if len(c.TPR) != n || len(c.Threshold) != n {
		panic(errLength)
	}
	var d Curve
	keep := func(i int) {
		d.FPR = append(d.FPR, c.FPR[i])
		d.TPR = append(d.TPR, c.TPR[i])
		d.Threshold = append(d.Threshold, c.Threshold[i])
	}
	if n <= maxPoints {
		for i := range n {
			keep(i)
		}
		return d
	}
	step := 2 / float64(maxPoints-1)
	keep(0)
	last := 0 // bucket of the last kept point
	for i := 1; i < n-1; i++ {
		b := int((c.FPR[i] + c.TPR[i]) / step)
		// Bucket maxPoints-1 is reserved for the end point.
		if b > last && b <= maxPoints-2 {
			keep(i)
			last = b
		}
	}
	keep(n - 1)
	return d
}
