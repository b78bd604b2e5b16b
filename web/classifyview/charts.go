package classifyview

import (
	"math"
	"slices"

	"flowlab/flow"
	"flowlab/flow/eval"
	"flowlab/web/app"
	"flowlab/web/format"
	"flowlab/web/plot"
)

// Colours of the classifiers in the results charts (the classes keep blue
// and orange).
const (
	resFlowColor = plot.Black
	resGMMColor  = plot.Green
	resCutColor  = plot.Vermillion
)

// resHistBins is the number of bins of the t histogram.
const resHistBins = 80

// resHistRange returns the t histogram's x range: from just below the smallest
// t to the 99.5th percentile (rounded outwards), and how many values lie
// above it and are not drawn. The far background tail would otherwise squeeze
// the region where the classes overlap.
func resHistRange(t []float64) (lo, hi float64, above int) {
	s := make([]float64, 0, len(t))
	for _, v := range t {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return -1, 1, 0
	}
	slices.Sort(s)
	lo, hi = math.Floor(s[0])-1, math.Ceil(eval.Quantile(s, 0.995))+1
	if hi <= lo+1 {
		hi = lo + 2
	}
	for _, v := range s {
		if v > hi {
			above++
		}
	}
	return lo, hi, above
}

// resCutAxis is the one t axis of the histogram and the cut slider, so the
// knob sits above the cut line drawn: the histogram's range (resHistRange),
// widened to show the prior cut, the paper's cut 0 and the current cut.
func resCutAxis(t []float64, prior, cut float64) (lo, hi float64) {
	lo, hi, _ = resHistRange(t)
	if !math.IsNaN(prior) && !math.IsInf(prior, 0) {
		lo = math.Min(lo, math.Floor(prior)-1)
	}
	lo = math.Min(lo, math.Floor(math.Min(cut, 0))-1)
	hi = math.Max(hi, math.Ceil(math.Max(cut, 0))+1)
	return lo, hi
}

// resHistFigure is Fig. 4: the histogram of t per class on a log count axis,
// with the current cut, the paper's cut 0 and the prior cut marked.
func resHistFigure(names [2]string, e *app.Evaluation, cut, prior float64, height float64) plot.Figure {
	lo, hi := resCutAxis(e.T, prior, cut)
	var parts [2][]float64
	for i, v := range e.T {
		parts[e.Labels[i]] = append(parts[e.Labels[i]], v)
	}
	edges := make([]float64, resHistBins+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/resHistBins
	}
	p := plot.Panel{
		X:      plot.Axis{Label: "t = ln p(x | " + names[0] + ") − ln p(x | " + names[1] + ")", Min: lo, Max: hi},
		Legend: true,
	}
	top := 1.0
	for c := range 2 {
		h := eval.Histogram(parts[c], lo, hi, resHistBins)
		for _, v := range h {
			top = math.Max(top, v)
		}
		p.Series = append(p.Series, plot.Series{Name: names[c] + " (" + format.Thousands(len(parts[c])) + ")",
			Kind: plot.Bars, Color: plot.ClassColor(c), Width: 1.5, X: edges, Y: h})
	}
	p.Y = plot.Axis{Label: "stars per bin", Log: true, Min: 0.5, Max: top * 2}
	p.Marks = []plot.Mark{
		{X: 0, Color: plot.Grey, Dash: []float64{5, 4}},
		{X: prior, Color: plot.Purple, Dash: []float64{2, 3}},
		{X: cut, Color: resCutColor, Label: "cut"},
	}
	return plot.Figure{Panels: []plot.Panel{p}, Height: height}
}

// resROCCurves are the ROC curves of the flows and, when computed, of the GMM
// baseline, downsampled for drawing.
type resROCCurves struct {
	Flow, GMM eval.Curve
	N0, N1    int
}

// resROCMaxPoints bounds the points drawn per curve.
const resROCMaxPoints = 600

// newResROCCurves computes the curves of e: the score is −t, so a larger score
// means more RR Lyrae-like and the curve runs from (0, 0) to (1, 1).
func newResROCCurves(e *app.Evaluation) resROCCurves {
	var r resROCCurves
	for _, l := range e.Labels {
		if l == 1 {
			r.N1++
		} else {
			r.N0++
		}
	}
	r.Flow = eval.ROC(resNegate(e.T), e.Labels).Downsample(resROCMaxPoints)
	if len(e.GMMT) == len(e.T) && e.GMMT != nil {
		r.GMM = eval.ROC(resNegate(e.GMMT), e.Labels).Downsample(resROCMaxPoints)
	}
	return r
}

// resROCFigure is Fig. 5 with the axes the right way round: the false-positive
// rate (background called RR Lyrae / all background) on x and the
// true-positive rate (completeness) on y, once linear and once with a
// logarithmic x axis, plus the precision–recall curve. The operating points
// at the cut are dots. cols is 3 on wide screens and 1 on phones.
func resROCFigure(names [2]string, r resROCCurves, e *app.Evaluation, cut float64, cols int, height float64) plot.Figure {
	flowAt := eval.AtCut(e.T, e.Labels, cut)
	var gmmAt eval.Confusion
	hasGMM := len(r.GMM.FPR) > 0
	if hasGMM {
		gmmAt = eval.AtCut(e.GMMT, e.Labels, cut)
	}
	minFPR := 1.0
	if r.N0 > 0 {
		minFPR = math.Pow(10, math.Floor(math.Log10(1/float64(r.N0))))
	}
	xLabel := "false-positive rate (" + names[0] + " called " + names[1] + ")"
	if cols == 1 { // a phone: the caption says what the rate is
		xLabel = "false-positive rate"
	}
	roc := func(title string, logX bool) plot.Panel {
		p := plot.Panel{Title: title, Legend: !logX,
			X: plot.Axis{Label: xLabel, Min: 0, Max: 1},
			Y: plot.Axis{Label: "true-positive rate (completeness)", Min: 0, Max: 1.02}}
		diag := []float64{0, 1}
		if logX {
			p.X = plot.Axis{Label: "false-positive rate, log scale", Log: true, Min: minFPR, Max: 1}
			// y = x is a curve on a log x axis: sample it.
			diag = make([]float64, 41)
			for i := range diag {
				diag[i] = minFPR * math.Pow(1/minFPR, float64(i)/40)
			}
		}
		p.Series = append(p.Series, plot.Series{Name: "chance", Kind: plot.Line, Color: plot.Grey, Width: 1, Dash: []float64{3, 3}, X: diag, Y: diag})
		if hasGMM {
			p.Series = append(p.Series, plot.Series{Name: "GMM Bayes", Kind: plot.Line, Color: resGMMColor, Width: 1.5, Dash: []float64{6, 3}, X: r.GMM.FPR, Y: r.GMM.TPR})
		}
		p.Series = append(p.Series, plot.Series{Name: "flows", Kind: plot.Line, Color: resFlowColor, Width: 2, X: r.Flow.FPR, Y: r.Flow.TPR})
		if hasGMM {
			p.Series = append(p.Series, plot.Series{Kind: plot.Points, Color: resGMMColor, Width: 8,
				X: []float64{gmmAt.FalsePositiveRate()}, Y: []float64{gmmAt.TruePositiveRate()}})
		}
		p.Series = append(p.Series, plot.Series{Name: "at the cut", Kind: plot.Points, Color: resCutColor, Width: 9,
			X: []float64{flowAt.FalsePositiveRate()}, Y: []float64{flowAt.TruePositiveRate()}})
		return p
	}
	pr := plot.Panel{Title: "Precision–recall",
		X: plot.Axis{Label: "recall (completeness)", Min: 0, Max: 1},
		Y: plot.Axis{Label: "precision (1 − contamination)", Min: 0, Max: 1.02}}
	if r.N0+r.N1 > 0 {
		base := float64(r.N1) / float64(r.N0+r.N1)
		pr.Series = append(pr.Series, plot.Series{Kind: plot.Line, Color: plot.Grey, Width: 1, Dash: []float64{3, 3}, X: []float64{0, 1}, Y: []float64{base, base}})
	}
	if hasGMM {
		rc, pc := resPRCurve(r.GMM, r.N0, r.N1)
		pr.Series = append(pr.Series, plot.Series{Kind: plot.Line, Color: resGMMColor, Width: 1.5, Dash: []float64{6, 3}, X: rc, Y: pc})
		if gmmAt.TP+gmmAt.FP > 0 {
			pr.Series = append(pr.Series, plot.Series{Kind: plot.Points, Color: resGMMColor, Width: 8,
				X: []float64{gmmAt.Completeness()}, Y: []float64{1 - gmmAt.Contamination()}})
		}
	}
	rc, pc := resPRCurve(r.Flow, r.N0, r.N1)
	pr.Series = append(pr.Series, plot.Series{Kind: plot.Line, Color: resFlowColor, Width: 2, X: rc, Y: pc})
	if flowAt.TP+flowAt.FP > 0 {
		pr.Series = append(pr.Series, plot.Series{Kind: plot.Points, Color: resCutColor, Width: 9,
			X: []float64{flowAt.Completeness()}, Y: []float64{1 - flowAt.Contamination()}})
	}
	return plot.Figure{Panels: []plot.Panel{roc("ROC curve", false), roc("ROC, low false-positive rates", true), pr}, Cols: cols, Height: height}
}

// resLossFigure is Fig. 6: each class flow's mean training NLL per epoch
// (solid) and test NLL (dashed) against optimiser steps, on a log step axis
// so the background flow's few long epochs and the RR Lyrae flow's many short
// ones both show.
func resLossFigure(names [2]string, hist [2][]flow.EpochStats, height float64) plot.Figure {
	p := plot.Panel{Legend: true,
		X: plot.Axis{Label: "optimiser steps (log scale)", Log: true},
		Y: plot.Axis{Label: "loss: mean negative log-likelihood"}}
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range 2 {
		h := hist[c]
		if len(h) == 0 {
			continue
		}
		steps, train, test := make([]float64, len(h)), make([]float64, len(h)), make([]float64, len(h))
		for i, s := range h {
			steps[i], train[i], test[i] = float64(s.Steps), s.TrainLoss, s.TestLoss
		}
		name := names[c]
		p.Series = append(p.Series,
			plot.Series{Name: name + " train", Kind: plot.Line, Color: plot.ClassColor(c), Width: 2, X: steps, Y: train},
			plot.Series{Name: name + " test", Kind: plot.Line, Color: plot.ClassColor(c), Width: 1.5, Dash: []float64{6, 3}, X: steps, Y: test})
		for _, v := range append(append([]float64(nil), train...), test...) {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if len(h) == 1 { // a single epoch draws no line; show it as dots
			p.Series = append(p.Series,
				plot.Series{Kind: plot.Points, Color: plot.ClassColor(c), Width: 6, X: steps, Y: train},
				plot.Series{Kind: plot.Points, Color: plot.ClassColor(c), Width: 6, X: steps, Y: test})
		}
	}
	// Headroom above the curves for the legend (finite values only).
	if lo < hi && !math.IsInf(hi-lo, 0) {
		r := hi - lo
		p.Y.Min, p.Y.Max = lo-0.05*r, hi+0.45*r
	}
	return plot.Figure{Panels: []plot.Panel{p}, Height: height}
}
