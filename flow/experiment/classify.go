package experiment

import (
	"math"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/eval"
)

// TestStatistic writes t = ln p(x|0) − ln p(x|1) for n rows of x into dst,
// with flows[0] the background flow and flows[1] the RR Lyrae flow. lp0 and
// lp1, if not nil, receive the two log-densities.
func TestStatistic(dst, lp0, lp1 []float64, flows [2]*flow.Flow, x []float64, n int) {
	if lp0 == nil {
		lp0 = make([]float64, n)
	}
	if lp1 == nil {
		lp1 = make([]float64, n)
	}
	flows[0].LogProb(lp0, x, n)
	flows[1].LogProb(lp1, x, n)
	for i := range n {
		dst[i] = lp0[i] - lp1[i]
	}
}

// CutMetrics are the paper's Table III numbers and astroML's completeness
// and contamination at one cut on t (signal iff t < Cut).
type CutMetrics struct {
	Cut           float64        `json:"cut"`
	Accuracy      float64        `json:"accuracy"`       // (TP+TN)/all, the paper's "correctly classified"
	FalsePositive float64        `json:"false_positive"` // FP/all, as the paper
	FalseNegative float64        `json:"false_negative"` // FN/all, as the paper
	Completeness  float64        `json:"completeness"`   // TP/(TP+FN)
	Contamination float64        `json:"contamination"`  // FP/(TP+FP)
	Confusion     eval.Confusion `json:"confusion"`
}

// AtCut computes CutMetrics for the statistic t and labels at cut.
func AtCut(t []float64, labels []int, cut float64) CutMetrics {
	return metricsOf(eval.AtCut(t, labels, cut), cut)
}

func metricsOf(c eval.Confusion, cut float64) CutMetrics {
	return CutMetrics{Cut: cut, Accuracy: c.Accuracy(), FalsePositive: c.FalsePositiveFraction(),
		FalseNegative: c.FalseNegativeFraction(), Completeness: c.Completeness(),
		Contamination: c.Contamination(), Confusion: c}
}

// Report is the evaluation of one classifier on one labelled set.
type Report struct {
	AUC              float64    `json:"auc"`
	AveragePrecision float64    `json:"average_precision"`
	AtZero           CutMetrics `json:"at_zero"`  // the paper's cut t = 0
	AtPrior          CutMetrics `json:"at_prior"` // the prior-corrected cut ln(N1/N0)
	AllBackground    CutMetrics `json:"all_background"`
	// NonFinite counts the rows whose t is NaN or ±Inf (eval.NonFinite). They are
	// scored, not dropped: −Inf is the most signal-like, +Inf and NaN the least.
	NonFinite int `json:"non_finite,omitempty"`
}

// Evaluate scores the statistic t against labels. n0 and n1 are the class
// sizes that set the prior cut (the training split's counts). Non-finite
// values of t are counted in Report.NonFinite and never cause a panic.
func Evaluate(t []float64, labels []int, n0, n1 int) Report {
	score := make([]float64, len(t))
	for i, v := range t {
		score[i] = -v // larger means more signal-like
	}
	r := Report{
		AUC:              eval.ROC(score, labels).AUC(),
		AveragePrecision: eval.AveragePrecision(score, labels),
		AtZero:           AtCut(t, labels, 0),
		AllBackground:    metricsOf(eval.AllBackground(labels), math.Inf(-1)),
		NonFinite:        eval.NonFinite(t),
	}
	if n0 > 0 && n1 > 0 {
		r.AtPrior = AtCut(t, labels, eval.PriorCut(n0, n1))
	}
	return r
}

// GMMBaseline fits astroML's GMM Bayes classifier (3 full-covariance
// components per class) on train and returns its statistic on x (n rows).
func GMMBaseline(train *data.Dataset, x []float64, n int, seed uint64) ([]float64, error) {
	t, _, err := GMMBaselineDensities(train, x, n, seed)
	return t, err
}

// GMMBaselineDensities is GMMBaseline that also returns the two class
// log-densities ln p(x|0) and ln p(x|1) of every row.
func GMMBaselineDensities(train *data.Dataset, x []float64, n int, seed uint64) (t []float64, lp [2][]float64, err error) {
	g, err := eval.FitGMMBayes(train.X, train.Dim, train.Y, 3, GMMRNG(seed), eval.GMMSettings{})
	if err != nil {
		return nil, lp, err
	}
	t = make([]float64, n)
	for c := range lp {
		lp[c] = make([]float64, n)
		g.Class[c].LogProb(lp[c], x[:n*train.Dim])
	}
	for i := range t {
		t[i] = lp[0][i] - lp[1][i]
	}
	return t, lp, nil
}

// Sample draws n points from f with the inspector's stream for seed.
func Sample(f *flow.Flow, n int, seed uint64) []float64 {
	x := make([]float64, n*f.Dim())
	f.Sample(x, n, SampleRNG(seed))
	return x
}
