// Package eval scores two-class density-ratio classifiers and describes the
// data they run on: confusion counts at a cut, ROC and precision–recall
// summaries, two-sample Kolmogorov–Smirnov statistics, correlations and
// histograms, bootstrap confidence intervals, and a Gaussian-mixture Bayes
// classifier used as a baseline.
//
// # Classes and score orientation
//
// Label 0 is a background star and label 1 an RR Lyrae star. RR Lyrae are
// the "signal" and the positive class everywhere in this package: a true
// positive is an RR Lyrae called signal.
//
// A classifier built from one density per class reports the test statistic
//
//	t = ln p(x|0) − ln p(x|1)
//
// (background log-density minus signal log-density), so a small (negative)
// t means "looks like signal". A star is classified as signal when t < cut;
// see [AtCut] and [PriorCut].
//
// The ranking functions [ROC], [AveragePrecision] and [AUCRank] take a
// score where LARGER means MORE LIKELY SIGNAL, as scikit-learn does. Pass
// −t, never t: passing t itself gives the mirror-image curve and an AUC of
// 1 − AUC (the paper's original code did this).
//
// Labels must be 0 or 1; any other label panics.
package eval
