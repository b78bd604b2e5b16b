package classifyview

import (
	"fmt"
	"math"

	"flowlab/flow/eval"
	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/format"
)

// resCutColumn is one classifier's numbers at one cut on the validation split:
// the flows, the GMM Bayes baseline or the call-everything-background
// baseline. Pending is set while the GMM baseline is being fitted and Err
// when it could not be; M is zero then.
type resCutColumn struct {
	Name    string
	M       experiment.CutMetrics
	Pending bool
	Err     string
}

// resCutColumns returns the flows' metrics at cut, the GMM Bayes baseline's at
// the same cut (pending or failed as gmmPending and gmmErr say, when e has no
// GMM statistic yet) and the call-everything-background baseline's, all on
// e's validation rows.
func resCutColumns(e *app.Evaluation, cut float64, gmmPending bool, gmmErr string) []resCutColumn {
	cols := []resCutColumn{{Name: "flows", M: experiment.AtCut(e.T, e.Labels, cut)}}
	g := resCutColumn{Name: "GMM Bayes", Pending: gmmPending, Err: gmmErr}
	if len(e.GMMT) == len(e.T) && e.GMMT != nil {
		g.M, g.Pending, g.Err = experiment.AtCut(e.GMMT, e.Labels, cut), false, ""
	} else if !gmmPending && gmmErr == "" {
		g.Pending = true
	}
	cols = append(cols, g)
	all := resMetricsFromConfusion(eval.AllBackground(e.Labels), math.Inf(-1))
	cols = append(cols, resCutColumn{Name: "all background", M: all})
	return cols
}

// resMetricsFromConfusion fills CutMetrics from counts, with the same
// definitions as experiment.AtCut.
func resMetricsFromConfusion(c eval.Confusion, cut float64) experiment.CutMetrics {
	return experiment.CutMetrics{Cut: cut, Accuracy: c.Accuracy(), FalsePositive: c.FalsePositiveFraction(),
		FalseNegative: c.FalseNegativeFraction(), Completeness: c.Completeness(),
		Contamination: c.Contamination(), Confusion: c}
}

// resMetricRow is one line of the live metrics table: a name, a short help text
// and one formatted value per resCutColumn.
type resMetricRow struct {
	Key, Name string
	// Help is written with App.Words's placeholders, and a remark for the
	// RR Lyrae colours only as "{paper: …}"; View.Rows fills both in.
	Help   string
	Values []string
}

// resCutRows lays cols out as the metrics table: the paper's three Table III
// numbers, then completeness and contamination, then the raw counts.
func resCutRows(cols []resCutColumn) []resMetricRow {
	type def struct {
		key, name, help string
		get             func(experiment.CutMetrics) string
	}
	f4 := func(v float64) string { return fmt.Sprintf("%.4f", v) }
	n := func(v int) string { return format.Thousands(v) }
	defs := []def{
		{"accuracy", "correctly classified", "(TP + TN) / all{paper: the paper's first number}", func(m experiment.CutMetrics) string { return f4(m.Accuracy) }},
		{"false-positive", "false positive", "FP / all {rows}{paper: as the paper counts it}", func(m experiment.CutMetrics) string { return f4(m.FalsePositive) }},
		{"false-negative", "false negative", "FN / all {rows}{paper: as the paper counts it}", func(m experiment.CutMetrics) string { return f4(m.FalseNegative) }},
		{"completeness", "completeness", "TP / (TP + FN): share of the {1s} found", func(m experiment.CutMetrics) string { return f4(m.Completeness) }},
		{"contamination", "contamination", "FP / (TP + FP): share of {0} among the {rows} called {1}", func(m experiment.CutMetrics) string {
			if m.Confusion.TP+m.Confusion.FP == 0 {
				return "none called"
			}
			return f4(m.Contamination)
		}},
		{"tp", "TP", "{1} called {1}", func(m experiment.CutMetrics) string { return n(m.Confusion.TP) }},
		{"fp", "FP", "{0} called {1}", func(m experiment.CutMetrics) string { return n(m.Confusion.FP) }},
		{"fn", "FN", "{1} called {0}", func(m experiment.CutMetrics) string { return n(m.Confusion.FN) }},
		{"tn", "TN", "{0} called {0}", func(m experiment.CutMetrics) string { return n(m.Confusion.TN) }},
	}
	rows := make([]resMetricRow, len(defs))
	for i, d := range defs {
		rows[i] = resMetricRow{Key: d.key, Name: d.name, Help: d.help, Values: make([]string, len(cols))}
		for j, c := range cols {
			switch {
			case c.Err != "":
				rows[i].Values[j] = "—"
			case c.Pending:
				rows[i].Values[j] = "computing…"
			default:
				rows[i].Values[j] = d.get(c.M)
			}
		}
	}
	return rows
}

// resRunGroup is the mean and sample standard deviation of the runs of one
// model and preset on one dataset, for the seeds table.
type resRunGroup struct {
	Model, Preset, Dataset string
	N                      int
	Accuracy, FP, FN, AUC  resMeanStd
}

// resMeanStd is a mean with its sample standard deviation (n − 1 in the
// denominator).
type resMeanStd struct{ Mean, Std float64 }

// String formats m as "0.9812 ± 0.0031".
func (m resMeanStd) String() string { return fmt.Sprintf("%.4f ± %.4f", m.Mean, m.Std) }

// resRunGroups groups runs by (model, preset, dataset) in order of first
// appearance and returns the groups with at least two runs.
func resRunGroups(runs []app.RunSummary) []resRunGroup {
	type key struct{ m, p, d string }
	var order []key
	by := map[key][]app.RunSummary{}
	for _, r := range runs {
		k := key{r.Model, r.Preset, r.Dataset}
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], r)
	}
	var out []resRunGroup
	for _, k := range order {
		rs := by[k]
		if len(rs) < 2 {
			continue
		}
		pick := func(f func(app.RunSummary) float64) resMeanStd {
			v := make([]float64, len(rs))
			for i, r := range rs {
				v[i] = f(r)
			}
			return resSampleMeanStd(v)
		}
		out = append(out, resRunGroup{Model: k.m, Preset: k.p, Dataset: k.d, N: len(rs),
			Accuracy: pick(func(r app.RunSummary) float64 { return r.Report.AtZero.Accuracy }),
			FP:       pick(func(r app.RunSummary) float64 { return r.Report.AtZero.FalsePositive }),
			FN:       pick(func(r app.RunSummary) float64 { return r.Report.AtZero.FalseNegative }),
			AUC:      pick(func(r app.RunSummary) float64 { return r.Report.AUC }),
		})
	}
	return out
}

// resSampleMeanStd returns the mean and the sample standard deviation of v
// (0 for fewer than two values).
func resSampleMeanStd(v []float64) resMeanStd {
	if len(v) == 0 {
		return resMeanStd{}
	}
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	if len(v) < 2 {
		return resMeanStd{Mean: m}
	}
	ss := 0.0
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return resMeanStd{Mean: m, Std: math.Sqrt(ss / float64(len(v)-1))}
}

// resPRCurve turns ROC points into precision–recall points: with n0 background
// and n1 RR Lyrae rows, TP = TPR·n1 and FP = FPR·n0, so recall is the TPR
// and precision TP/(TP+FP). Points where nothing is called signal have no
// precision and are left out.
func resPRCurve(c eval.Curve, n0, n1 int) (recall, precision []float64) {
	for i := range c.FPR {
		tp, fp := c.TPR[i]*float64(n1), c.FPR[i]*float64(n0)
		if tp+fp <= 0 {
			continue
		}
		recall = append(recall, c.TPR[i])
		precision = append(precision, tp/(tp+fp))
	}
	return recall, precision
}

// resNegate returns −v (so that a larger value means more RR Lyrae-like, as
// eval.ROC wants).
func resNegate(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = -x
	}
	return out
}
