//go:build js && wasm

package dataview

import (
	"flowlab/flow/data"
	"fmt"
	"strconv"
	"sync"
	"syscall/js"

	"flowlab/web/app"
	"flowlab/web/plot"
)

// drawCharts draws the explorer's charts (see explorer-figures.go) into
// their host elements, when the data or the host's width changed since the
// last drawing. The hosts are empty <div>s in the template: the canvas
// inside is made here, so vugu's attribute syncing never resets it.
func (c *View) drawCharts() {
	e := c.Explorer()
	names := c.ClassNames()
	doc := js.Global().Get("document")
	if d := c.App.Data; d != nil && d.Dim >= 2 {
		DrawGlance("data-glance", d)
	}
	drawHost(doc, "explorer-histograms", fmt.Sprintf("hist %p", e), func(w float64) plot.Figure { return histogramFigure(e, names, w) })
	if d := c.App.Data; d.Dim == 2 {
		drawHost(doc, "explorer-scatter", fmt.Sprintf("scatter %p", d), func(w float64) plot.Figure { return scatterFigure(d, names, w) })
	}
	watchWindow(c.App.Env)
}

// drawHost draws fig into the canvas inside the element with data-testid
// testID, unless that element already shows key at its current width. A
// hidden host (zero width) is left alone.
func drawHost(doc js.Value, testID, key string, fig func(width float64) plot.Figure) {
	host := doc.Call("querySelector", `[data-testid="`+testID+`"]`)
	if !host.Truthy() {
		return
	}
	width := host.Get("clientWidth").Float()
	if width <= 0 {
		return
	}
	key += " " + strconv.FormatFloat(width, 'f', 0, 64)
	if k := host.Get("flowlabKey"); k.Type() == js.TypeString && k.String() == key {
		return
	}
	canvas := host.Get("firstElementChild")
	if !canvas.Truthy() || canvas.Get("tagName").String() != "CANVAS" {
		host.Set("textContent", "")
		canvas = doc.Call("createElement", "canvas")
		canvas.Set("className", "plot-canvas")
		host.Call("appendChild", canvas)
	}
	canvas.Call("setAttribute", "data-testid", testID+"-canvas")
	if err := plot.Draw(canvas, fig(width)); err != nil {
		js.Global().Get("console").Call("error", "Flow Lab: drawing "+testID+": "+err.Error())
		return
	}
	host.Set("flowlabKey", key)
}

var windowWatch struct {
	once sync.Once
	env  app.Locker
}

// watchWindow, once per page, re-renders when the window is resized (so
// charts are redrawn at their new width) and stops a file dropped outside
// the drop zone from replacing the page.
func watchWindow(env app.Locker) {
	windowWatch.once.Do(func() {
		windowWatch.env = env
		win := js.Global()
		win.Call("addEventListener", "resize", js.FuncOf(func(js.Value, []js.Value) any {
			go func() {
				windowWatch.env.Lock()
				windowWatch.env.UnlockRender()
			}()
			return nil
		}))
		stop := js.FuncOf(func(_ js.Value, args []js.Value) any {
			if dt := args[0].Get("dataTransfer"); dt.Truthy() && js.Global().Get("Array").Call("from", dt.Get("types")).Call("includes", "Files").Bool() {
				args[0].Call("preventDefault")
			}
			return nil
		})
		win.Call("addEventListener", "dragover", stop)
		win.Call("addEventListener", "drop", stop)
	})
}

// DrawGlance draws the small picture of d (the first two features, both
// classes) into the element with data-testid testID, as the Data view's
// first screen shows it; other views show what will train with it.
func DrawGlance(testID string, d *data.Dataset) {
	if d == nil || d.Dim < 2 {
		return
	}
	doc := js.Global().Get("document")
	drawHost(doc, testID, fmt.Sprintf("glance %p", d), func(w float64) plot.Figure { return glanceFigure(d, classNames(d), w) })
}
