package classifyview

import (
	"fmt"

	"github.com/vugu/vugu"

	"flowlab/web/browser"
	"flowlab/web/plot"
)

// resultCharts are the view's three canvas hosts (see browser.Chart).
type resultCharts struct {
	hist, roc, loss browser.Chart
}

// newResultCharts names the canvases put into the hosts.
func newResultCharts() resultCharts {
	return resultCharts{
		hist: browser.Chart{Name: "t histogram", Specs: []browser.CanvasSpec{{Class: "results-canvas results-hist", TestID: "t-histogram",
			Label: "Histogram of the test statistic t for the two classes, logarithmic counts, with the cut marked"}}},
		roc: browser.Chart{Name: "ROC curves", Specs: []browser.CanvasSpec{{Class: "results-canvas results-roc", TestID: "roc-canvas",
			Label: "ROC curve (false-positive rate against completeness, linear and logarithmic) and precision–recall curve of the flows and the GMM baseline, with the current cut as a dot"}}},
		loss: browser.Chart{Name: "loss curves", Specs: []browser.CanvasSpec{{Class: "results-canvas results-loss", TestID: "loss-canvas",
			Label: "Training and test loss of both class flows against optimiser steps"}}},
	}
}

// draw redraws the results canvases when what they show changed: the
// evaluation, the cut, the GMM baseline, the loss histories, a new canvas or
// the host's size. It runs after a render, under the render lock's read
// side.
func (c *View) draw(ctx vugu.RenderedCtx) {
	a := c.App
	if a.Shown.Eval == nil || len(a.Shown.Eval.T) == 0 {
		c.charts.hist.Forget()
		c.charts.roc.Forget()
		c.charts.loss.Forget()
		return
	}
	if c.charts.hist.Specs == nil {
		c.charts = newResultCharts()
	}
	e := a.Shown.Eval
	if c.rocEval != e || c.rocHasGMM != (e.GMM != nil) {
		c.roc, c.rocEval, c.rocHasGMM = newResROCCurves(e), e, e.GMM != nil
	}
	key := fmt.Sprintf("%p|%g|%t", e, a.State.Cut, e.GMM != nil)
	ch := &c.charts
	if ch.hist.Prepare(c.histHost, a.Env) > 0 && !ch.hist.Drawn(key) {
		ch.hist.Draw(key, []plot.Figure{resHistFigure(a.ClassNames(), e, a.State.Cut, c.PriorCut(), 0)})
	}
	if w := ch.roc.Prepare(c.rocHost, a.Env); w > 0 && !ch.roc.Drawn(key) {
		cols, height := 3, 300.0
		if w < 720 {
			cols, height = 1, 280
		}
		ch.roc.Draw(key, []plot.Figure{resROCFigure(a.ClassNames(), c.roc, e, a.State.Cut, cols, height)})
	}
	h := c.lossHistories()
	if lossKey := fmt.Sprintf("%p|%d|%d", e, len(h[0]), len(h[1])); ch.loss.Prepare(c.lossHost, a.Env) > 0 && !ch.loss.Drawn(lossKey) && (len(h[0]) > 0 || len(h[1]) > 0) {
		ch.loss.Draw(lossKey, []plot.Figure{resLossFigure(a.ClassNames(), h, 0)})
	}
}
