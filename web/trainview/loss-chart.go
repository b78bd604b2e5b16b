package trainview

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"

	"flowlab/flow"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/format"
	"flowlab/web/plot"
)

// LossChart draws both class flows' loss curves against optimiser steps —
// train and test NLL per epoch and the batch loss as it arrives — with the
// learning rate in a small panel below, for the current run or, before any
// run, for the pretrained or imported flows. loss-chart.vugu is its template.
type LossChart struct {
	App  *app.App
	LogX bool // steps on a log axis

	env       vugu.EventEnv
	chart     browser.Chart // the loss and learning-rate canvases
	lastDraw  time.Time     // for drawing at most every lossRedrawGap
	scheduled bool          // a catch-up render is scheduled
}

// lossSpecs are the chart's two canvases.
var lossSpecs = []browser.CanvasSpec{
	{Class: "loss-canvas", TestID: "train-loss-canvas", Label: "Loss curves"},
	{Class: "lr-canvas", TestID: "train-lr-canvas", Label: "Learning rate of each flow against optimiser steps, on a log scale"},
}

// Init keeps the event environment, to ask for renders (after a resize, or
// to catch up on a redraw that came too soon).
func (c *LossChart) Init(ctx vugu.InitCtx) { c.env = ctx.EventEnv() }

// lossRedrawGap is the shortest time between two redraws.
const lossRedrawGap = 100 * time.Millisecond

// lossClass is what the chart shows of one class flow.
type lossClass struct {
	History []flow.EpochStats
	Batch   []app.TracePoint // the batch loss as the page saw it (live runs only)
	LRStart float64          // the schedule's first rate, 0 if unknown
}

// lossSource returns what to draw and where it comes from ("" when there is
// nothing to draw).
func (c *LossChart) lossSource() (src [2]lossClass, from string) {
	a := c.App
	if s := a.Session; s != nil {
		r := a.Trace()
		for k := range 2 {
			src[k] = lossClass{History: s.Class[k].History, Batch: r.Points(k), LRStart: s.Setup.Settings[k].LRStart}
		}
		return src, "this run"
	}
	if p := a.Shown.Pair; p != nil {
		for k, m := range [2]*flow.Model{p.Background, p.RRLyrae} {
			src[k].History = a.Shown.History[k]
			if m != nil && m.Settings != nil {
				src[k].LRStart = m.Settings.LRStart
			}
		}
		if len(src[0].History)+len(src[1].History) > 0 {
			return src, trainFlowsName(a)
		}
	}
	return src, ""
}

// HasCurves reports whether there is anything to draw.
func (c *LossChart) HasCurves() bool {
	_, from := c.lossSource()
	return from != ""
}

// Heading names the curves shown.
func (c *LossChart) Heading() string {
	_, from := c.lossSource()
	if from == "" {
		return "Loss curves"
	}
	return "Loss curves of " + from
}

// SetLogX switches the step axis between linear and logarithmic.
func (c *LossChart) SetLogX(on bool) { c.LogX = on }

// populated runs after every render of the canvas host (vg-js-populate):
// it draws both canvases if what they show changed since the last draw,
// waiting until lossRedrawGap has passed since then (a render is scheduled
// to catch up).
func (c *LossChart) populated(host js.Value) {
	if c.chart.Specs == nil {
		c.chart = browser.Chart{Name: "loss chart", Specs: lossSpecs}
	}
	w := int(c.chart.Prepare(host, c.env))
	if w <= 0 {
		return
	}
	key := c.drawKey(w)
	if c.chart.Drawn(key) {
		return
	}
	if wait := lossRedrawGap - time.Since(c.lastDraw); wait > 0 {
		c.scheduleRender(wait)
		return
	}
	loss, lr := c.Figures(lossCols(w))
	if c.chart.Draw(key, []plot.Figure{loss, lr}, c.Describe()) {
		c.lastDraw = time.Now()
	}
}

// drawKey identifies what the chart would draw at canvas width w, so that
// renders that change nothing do not redraw.
func (c *LossChart) drawKey(w int) string {
	src, from := c.lossSource()
	key := fmt.Sprintf("%s|%v|%d|%p", from, c.LogX, w, c.App.Session)
	for _, s := range src {
		key += fmt.Sprintf("|%d", len(s.History))
		if n := len(s.Batch); n > 0 {
			key += fmt.Sprintf(",%d@%d", n, s.Batch[n-1].Step)
		}
	}
	return key
}

// scheduleRender asks for a render after d, once.
func (c *LossChart) scheduleRender(d time.Duration) {
	if c.scheduled || c.env == nil {
		return
	}
	c.scheduled = true
	env := c.env
	go func() {
		time.Sleep(d)
		env.Lock()
		c.scheduled = false
		env.UnlockRender()
	}()
}

// lossCols is how many class panels sit side by side on a canvas w CSS
// pixels wide.
func lossCols(w int) int {
	if w > 0 && w < 560 {
		return 1
	}
	return 2
}

// Figures returns the loss figure (one panel per class) and the learning-rate
// figure for a canvas of cols panels per row.
func (c *LossChart) Figures(cols int) (loss, lr plot.Figure) {
	src, _ := c.lossSource()
	return lossFigures(c.App.ClassNames(), src, c.LogX, cols)
}

// lossFigures builds the charts from the data of both classes.
func lossFigures(names [2]string, src [2]lossClass, logX bool, cols int) (loss, lr plot.Figure) {
	xAxis := func() plot.Axis {
		a := plot.Axis{Label: "optimiser steps", Log: logX}
		if logX {
			a.Label = "optimiser steps (log scale)"
		}
		return a
	}
	loss = plot.Figure{Cols: cols, Height: 250}
	if cols == 1 {
		loss.Height = 220
	}
	lr = plot.Figure{Height: 130}
	lrPanel := plot.Panel{Title: "Learning rate (log scale)", X: xAxis(), Y: plot.Axis{Log: true}, Legend: true}
	for k := range 2 {
		s := src[k]
		color := plot.ClassColor(k)
		p := plot.Panel{Title: names[k] + " flow: NLL per row", X: xAxis(), Y: plot.Axis{Label: "NLL (nats)"}, Legend: true}
		var bx, by, all []float64
		if len(s.Batch) > 0 {
			for _, pt := range s.Batch {
				bx, by = append(bx, float64(pt.Step)), append(by, pt.Loss)
			}
			p.Series = append(p.Series, plot.Series{Name: "batch", Kind: plot.Line, Color: color, Width: 1.2, Alpha: 0.5, X: bx, Y: by})
		} else if len(s.History) > 0 {
			for _, h := range s.History {
				bx, by = append(bx, float64(h.Steps)), append(by, h.LastLoss)
			}
			p.Series = append(p.Series, plot.Series{Name: "last batch", Kind: plot.Points, Color: color, Width: 3, Alpha: 0.5, X: bx, Y: by})
		}
		hx, train, test := make([]float64, len(s.History)), make([]float64, len(s.History)), make([]float64, len(s.History))
		for i, h := range s.History {
			hx[i], train[i], test[i] = float64(h.Steps), h.TrainLoss, h.TestLoss
		}
		if len(hx) > 0 {
			p.Series = append(p.Series,
				plot.Series{Name: "train (epoch mean)", Kind: plot.Line, Color: color, Width: 2.5, X: hx, Y: train},
				plot.Series{Name: "test", Kind: plot.Line, Color: plot.Black, Width: 1.5, Dash: []float64{6, 4}, X: hx, Y: test})
			if len(hx) == 1 { // a single epoch: show it as dots, since a line needs two points
				p.Series = append(p.Series,
					plot.Series{Kind: plot.Points, Color: color, Width: 6, X: hx, Y: train},
					plot.Series{Kind: plot.Points, Color: plot.Black, Width: 5, X: hx, Y: test})
			}
		}
		all = append(append(append(all, train...), test...), by...)
		p.Y.Min, p.Y.Max = lossYRange(all, by)
		if len(bx)+len(hx) > 0 {
			p.X = lossStepAxis(p.X, slices.Max(append(slices.Clone(bx), hx...)))
		}
		loss.Panels = append(loss.Panels, p)

		// learning rate: the schedule's start, every epoch's rate and the rates seen live
		var lx, ly []float64
		if s.LRStart > 0 {
			lx, ly = append(lx, 1), append(ly, s.LRStart)
		}
		type xy struct{ x, y float64 }
		var pts []xy
		for _, h := range s.History {
			pts = append(pts, xy{float64(h.Steps), h.LR})
		}
		for _, b := range s.Batch {
			pts = append(pts, xy{float64(b.Step), b.LR})
		}
		slices.SortStableFunc(pts, func(a, b xy) int { return cmp.Compare(a.x, b.x) })
		for _, q := range pts {
			if q.y > 0 && (len(lx) == 0 || q.x > lx[len(lx)-1]) {
				lx, ly = append(lx, q.x), append(ly, q.y)
			}
		}
		if len(lx) > 0 {
			lrPanel.Series = append(lrPanel.Series, plot.Series{Name: names[k], Kind: plot.Line, Color: color, Width: 2, X: lx, Y: ly})
		}
	}
	last := 0.0
	for _, s := range lrPanel.Series {
		last = math.Max(last, slices.Max(s.X))
	}
	if last > 0 {
		lrPanel.X = lossStepAxis(lrPanel.X, last)
	}
	var rates []float64
	for _, s := range lrPanel.Series {
		rates = append(rates, s.Y...)
	}
	lrPanel.Y = lossLogAxis(rates)
	lr.Panels = []plot.Panel{lrPanel}
	return loss, lr
}

// lossStepAxis sets a step axis's range to hold steps up to last: from 0
// (linear) or 1 (log), with a little room after the last step.
func lossStepAxis(a plot.Axis, last float64) plot.Axis {
	if a.Log {
		a.Min, a.Max = 1, math.Max(last*1.15, 10)
		return a
	}
	a.Min, a.Max = 0, math.Max(last*1.02, 1)
	return a
}

// lossLogAxis is a log axis around the positive values v with ticks at 1, 2
// and 5 times powers of ten (only the powers when that makes too many).
func lossLogAxis(v []float64) plot.Axis {
	lo, hi := plot.Range(v, true)
	a := plot.Axis{Log: true, Min: lo / 1.3, Max: math.Min(hi*1.3, math.MaxFloat64)}
	for _, ms := range [][]float64{{1, 2, 5}, {1}} {
		a.Ticks = nil
		lo, hi := plot.PowersOfTen(a.Min, a.Max)
		for e := lo - 1; e <= hi+1; e++ { // the decades around [Min, Max]
			for _, m := range ms {
				if t := m * math.Pow(10, e); t >= a.Min && t <= a.Max {
					a.Ticks = append(a.Ticks, t)
				}
			}
		}
		if len(a.Ticks) <= 5 {
			break
		}
	}
	a.TickLabels = make([]string, len(a.Ticks))
	for i, t := range a.Ticks {
		a.TickLabels[i] = format.Brief(t)
	}
	return a
}

// lossYRange is the y range for a loss panel: every epoch value, and the
// batch losses without their most extreme 2% at either end (single batches
// early in training can be far off and would flatten everything else).
func lossYRange(all, batch []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	epoch := len(all) - len(batch)
	for _, v := range all[:epoch] {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(batch) > 0 {
		b := slices.Clone(batch)
		slices.Sort(b)
		trim := len(b) / 50
		for _, v := range b[trim : len(b)-trim] {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	pad := 0.06 * (hi - lo)
	if pad == 0 {
		pad = math.Max(0.5, 0.1*math.Abs(lo))
	}
	return lo - pad, hi + pad
}

// Describe summarises the curves for screen readers: each class's latest
// train and test NLL.
func (c *LossChart) Describe() string {
	src, from := c.lossSource()
	text := "Loss curves of " + from + ", NLL against optimiser steps."
	for k, s := range src {
		if n := len(s.History); n > 0 {
			h := s.History[n-1]
			text += fmt.Sprintf(" %s flow after %d %s: train %.3f, test %.3f.", c.App.ClassName(k), h.Epoch, format.Plural(h.Epoch, "epoch"), h.TrainLoss, h.TestLoss)
		}
	}
	return text
}
