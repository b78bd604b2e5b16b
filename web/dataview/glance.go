package dataview

import (
	"fmt"
	"math"

	"flowlab/flow/data"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/plot"
)

// The Data view's first screen: a small picture of the data, the next
// step, and a word that flows are already loaded when they are (issue 14).

// glanceMax bounds the dots per class in the first screen's picture; the
// rows drawn are spread evenly over the class.
const glanceMax = 4000

// glanceFigure is a small scatter of the first two features of d, class 0 in
// blue under class 1 in orange, with at most glanceMax rows of each class.
func glanceFigure(d *data.Dataset, names [2]string, width float64) plot.Figure {
	var xs, ys [2][]float64
	var count [2]int
	for _, y := range d.Y {
		count[y]++
	}
	var seen [2]int
	for i, y := range d.Y {
		seen[y]++
		// keep row i if it is the next of glanceMax evenly spread picks
		if count[y] > glanceMax && (seen[y]*glanceMax)/count[y] == ((seen[y]-1)*glanceMax)/count[y] {
			continue
		}
		xs[y] = append(xs[y], d.X[i*d.Dim])
		ys[y] = append(ys[y], d.X[i*d.Dim+1])
	}
	x0, x1 := plot.Range(append(append([]float64{}, xs[0]...), xs[1]...), false)
	y0, y1 := plot.Range(append(append([]float64{}, ys[0]...), ys[1]...), false)
	p := plot.Panel{
		X:      plot.Axis{Label: featureTitle(d.Names[0]), Min: x0, Max: x1},
		Y:      plot.Axis{Label: featureTitle(d.Names[1]), Min: y0, Max: y1},
		Legend: true,
	}
	if d.Dim == 2 { // equal spans, so circles look round
		half := 0.54 * math.Max(x1-x0, y1-y0)
		cx, cy := (x0+x1)/2, (y0+y1)/2
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = cx-half, cx+half, cy-half, cy+half
	}
	if width < 260 { // a thumbnail: three ticks an axis, so their labels do not run together
		p.X.Ticks, p.Y.Ticks = plot.NiceTicks(p.X.Min, p.X.Max, 3), plot.NiceTicks(p.Y.Min, p.Y.Max, 3)
	}
	for c := range 2 {
		dot := 2.0
		if len(xs[c]) > 2000 {
			dot = 1.4
		}
		p.Series = append(p.Series, plot.Series{Name: names[c], Kind: plot.Points, Color: plot.ClassColor(c), Width: dot, Alpha: 0.7,
			X: xs[c], Y: ys[c]})
	}
	return plot.Figure{Panels: []plot.Panel{p}, Cols: 1, Height: math.Max(110, math.Min(width*0.58, 240))}
}

// GlanceCaption says what the first screen's picture shows.
func (c *View) GlanceCaption() string {
	d := c.App.Data
	if d == nil || d.Dim < 2 {
		return ""
	}
	if d.Dim == 2 {
		return "The two classes in the plane."
	}
	return fmt.Sprintf("Two of the %d features, %s against %s; the explorer below shows every one.", d.Dim, featureTitle(d.Names[0]), featureTitle(d.Names[1]))
}

// FlowsReady reports whether flows that fit the data in use are already
// loaded, so that the visitor can inspect them before training anything.
func (c *View) FlowsReady() bool {
	a := c.App
	f := a.Shown.Flows
	return a.Data != nil && f[0] != nil && f[1] != nil && f[0].Dim() == a.Data.Dim && f[1].Dim() == a.Data.Dim && !a.Training()
}

// FlowsReadyText names the flows that are ready.
func (c *View) FlowsReadyText() string {
	if c.App.Shown.Pair != nil && c.App.Data == c.App.Bundled {
		return "Pretrained flows for these stars are already loaded: you can inspect them now, before training anything."
	}
	return "Flows for this data are already loaded (" + c.App.Shown.Label + "): you can inspect them now."
}

// Glance is the small picture of a dataset (glanceFigure: its first two
// features, both classes) in another view's canvas host, e.g. the Train
// view's "what will train". Keep it in the view's memory (app.Memo) so that it
// is redrawn only when the data or the host's width changes.
type Glance struct{ chart browser.Chart }

// Draw draws d into the element with data-testid testID (its canvas gets
// testID-canvas) unless it already shows d at the host's width.
func (g *Glance) Draw(testID string, d *data.Dataset, env browser.Renderer) {
	if d == nil || d.Dim < 2 {
		return
	}
	if g.chart.Specs == nil {
		g.chart = browser.Chart{Name: "picture of the data", Specs: []browser.CanvasSpec{{Class: "plot-canvas", TestID: testID + "-canvas"}}}
	}
	if w := g.chart.Prepare(browser.Current.ByTestID(testID), env); w > 0 {
		if key := fmt.Sprintf("glance %p", d); !g.chart.Drawn(key) {
			g.chart.Draw(key, []plot.Figure{glanceFigure(d, app.ClassNamesOf(d), w)})
		}
	}
}
