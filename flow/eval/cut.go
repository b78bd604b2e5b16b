package eval

import (
	"fmt"
	"math"
)

// Confusion holds the counts of a two-class decision. Positive means signal
// (label 1, RR Lyrae): TP are RR Lyrae called signal, FP background called
// signal, TN background called background and FN RR Lyrae called background.
//
// Ratio methods return 0 when their denominator is 0, so a Confusion always
// encodes to JSON.
type Confusion struct{ TP, FP, TN, FN int }

// AtCut counts the decisions "signal iff t[i] < cut" against labels.
// t holds the test statistic ln p(x|0) − ln p(x|1) per row. A NaN t is
// never below the cut, so it counts as background. AtCut panics if the
// lengths differ or a label is not 0 or 1.
func AtCut(t []float64, labels []int, cut float64) Confusion {
	checkLabels(labels, len(t))
	var c Confusion
	for i, v := range t {
		signal := v < cut
		switch {
		case signal && labels[i] == 1:
			c.TP++
		case signal:
			c.FP++
		case labels[i] == 1:
			c.FN++
		default:
			c.TN++
		}
	}
	return c
}

// AllBackground is the baseline that calls every row background: TN is the
// number of 0 labels, FN the number of 1 labels. On this data set its
// accuracy is 92658/93141 ≈ 0.9948, the bar any classifier must clear.
// It panics if a label is not 0 or 1.
func AllBackground(labels []int) Confusion {
	n0, n1 := checkLabels(labels, len(labels))
	return Confusion{TN: n0, FN: n1}
}

// Total returns TP+FP+TN+FN.
func (c Confusion) Total() int { return c.TP + c.FP + c.TN + c.FN }

// Accuracy returns (TP+TN)/Total, the paper's "correctly classified".
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.Total()) }

// FalsePositiveFraction returns FP/Total, the paper's "false positive":
// the share of ALL rows that are background called signal. It is not the
// false-positive rate; see [Confusion.FalsePositiveRate].
func (c Confusion) FalsePositiveFraction() float64 { return ratio(c.FP, c.Total()) }

// FalseNegativeFraction returns FN/Total, the paper's "false negative":
// the share of ALL rows that are RR Lyrae called background.
func (c Confusion) FalseNegativeFraction() float64 { return ratio(c.FN, c.Total()) }

// Completeness returns TP/(TP+FN), astroML's completeness: the share of RR
// Lyrae that are found. It equals [Confusion.TruePositiveRate].
func (c Confusion) Completeness() float64 { return ratio(c.TP, c.TP+c.FN) }

// Contamination returns FP/(TP+FP), astroML's contamination: the share of
// rows called signal that are background. It is 0 when nothing is called
// signal.
func (c Confusion) Contamination() float64 { return ratio(c.FP, c.TP+c.FP) }

// FalsePositiveRate returns FP/(FP+TN), the ROC curve's x axis: the share of
// background stars called signal.
func (c Confusion) FalsePositiveRate() float64 { return ratio(c.FP, c.FP+c.TN) }

// TruePositiveRate returns TP/(TP+FN), the ROC curve's y axis.
func (c Confusion) TruePositiveRate() float64 { return ratio(c.TP, c.TP+c.FN) }

// ratio returns a/b, or 0 if b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// PriorCut returns the cut on t = ln p(x|0) − ln p(x|1) that minimises the
// expected number of misclassified rows when the classes occur with
// frequencies proportional to n0 (background) and n1 (signal):
//
//	ln(n1/n0).
//
// Each flow models p(x|c) alone, so t carries no prior; the cut t < 0 is the
// Bayes decision only for equal priors. With priors π0 ∝ n0 and π1 ∝ n1,
// Bayes calls a row signal when π1 p(x|1) > π0 p(x|0), that is when
// ln p(x|0) − ln p(x|1) < ln π1 − ln π0, i.e. t < ln(n1/n0).
//
// For this data set (n0 = 92658, n1 = 483) the magnitude is ln(n0/n1) ≈ 5.26,
// the "prior-corrected cut ln(N_background/N_RR)", but the cut lies on the
// NEGATIVE side, t < −5.26: a row must be about 192 times more likely under
// the signal density before it is called signal. That is stricter than t < 0
// and trades completeness for much lower contamination. PriorCut panics if
// n0 or n1 is not positive.
func PriorCut(n0, n1 int) float64 {
	if n0 <= 0 || n1 <= 0 {
		panic(fmt.Sprintf("eval: PriorCut needs positive class counts, have %d and %d", n0, n1))
	}
	return math.Log(float64(n1)) - math.Log(float64(n0))
}
