package dataview

import (
	"fmt"

	"flowlab/web/browser"
	"flowlab/web/plot"
)

// explorerCharts are the explorer's canvas hosts, found by their
// data-testid: the template renders them empty (see browser.Chart).
type explorerCharts struct {
	glance        Glance
	hist, scatter browser.Chart
}

// drawCharts draws the explorer's charts (see explorer-figures.go) into
// their hosts when the data or the host's width changed since the last
// drawing. A hidden host (zero width) is left alone.
func (c *View) drawCharts() {
	e := c.Explorer()
	names := c.ClassNames()
	ch := &c.side().charts
	if ch.hist.Specs == nil {
		ch.hist = browser.Chart{Name: "histograms", Specs: []browser.CanvasSpec{{Class: "plot-canvas", TestID: "explorer-histograms-canvas"}}}
		ch.scatter = browser.Chart{Name: "scatter plot", Specs: []browser.CanvasSpec{{Class: "plot-canvas", TestID: "explorer-scatter-canvas"}}}
	}
	env := c.App.Env
	ch.glance.Draw("data-glance", c.App.Data, env)
	if w := ch.hist.Prepare(browser.Current.ByTestID("explorer-histograms"), env); w > 0 {
		if key := fmt.Sprintf("hist %p", e); !ch.hist.Drawn(key) {
			ch.hist.Draw(key, []plot.Figure{histogramFigure(e, names, w)})
		}
	}
	if d := c.App.Data; d.Dim == 2 {
		if w := ch.scatter.Prepare(browser.Current.ByTestID("explorer-scatter"), env); w > 0 {
			if key := fmt.Sprintf("scatter %p", d); !ch.scatter.Drawn(key) {
				ch.scatter.Draw(key, []plot.Figure{scatterFigure(d, names, w)})
			}
		}
	}
	browser.Current.GuardDrops()
}
