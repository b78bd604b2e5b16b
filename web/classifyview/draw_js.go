//go:build js && wasm

package classifyview

import (
	"fmt"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/vugu/vugu"

	"flowlab/web/plot"
)

// resCanvasSpec describes the canvas put into one plot host.
type resCanvasSpec struct{ class, testID, label string }

var (
	resHistSpec = resCanvasSpec{"results-canvas results-hist", "t-histogram",
		"Histogram of the test statistic t for background stars and RR Lyrae, logarithmic counts, with the cut marked"}
	resROCSpec = resCanvasSpec{"results-canvas results-roc", "roc-canvas",
		"ROC curve (false-positive rate against completeness, linear and logarithmic) and precision–recall curve of the flows and the GMM baseline, with the current cut as a dot"}
	resLossSpec = resCanvasSpec{"results-canvas results-loss", "loss-canvas",
		"Training and test loss of both class flows against optimiser steps"}
)

// resCanvas returns the canvas inside host, creating it when the host is
// new (then fresh is true and it must be drawn). vugu leaves the children
// of an element it renders empty alone, so the canvas keeps its size and
// pixels across renders. It returns a zero Value when host is not in the page.
func resCanvas(host js.Value, spec resCanvasSpec) (canvas js.Value, fresh bool) {
	if !host.Truthy() || !host.Get("isConnected").Truthy() {
		return js.Value{}, false
	}
	if host.Get("childElementCount").Int() == 1 {
		return host.Get("firstElementChild"), false
	}
	host.Set("textContent", "")
	cv := js.Global().Get("document").Call("createElement", "canvas")
	cv.Set("className", spec.class)
	cv.Call("setAttribute", "data-testid", spec.testID)
	cv.Call("setAttribute", "role", "img")
	cv.Call("setAttribute", "aria-label", spec.label)
	host.Call("appendChild", cv)
	return cv, true
}

// draw redraws the results canvases when what they show changed: the
// evaluation, the cut, the GMM baseline, the loss histories, a new canvas or
// the window's size. It runs after a render, under the render lock's read
// side.
func (c *View) draw(ctx vugu.RenderedCtx) {
	a := c.App
	if a.Shown.Eval == nil || len(a.Shown.Eval.T) == 0 {
		c.drawn = ""
		return
	}
	c.hookResize()
	hist, fh := resCanvas(js.Value(c.histHost), resHistSpec)
	roc, fr := resCanvas(js.Value(c.rocHost), resROCSpec)
	loss, fl := resCanvas(js.Value(c.lossHost), resLossSpec)
	h := c.lossHistories()
	key := fmt.Sprintf("%p|%g|%t|%d|%d|%d", a.Shown.Eval, a.State.Cut, a.Shown.Eval.GMM != nil, len(h[0]), len(h[1]), resResize.gen.Load())
	if key == c.drawn && !fh && !fr && !fl {
		return
	}
	c.drawn = key
	e := a.Shown.Eval
	if c.rocEval != e || c.rocHasGMM != (e.GMM != nil) {
		c.roc, c.rocEval, c.rocHasGMM = newResROCCurves(e), e, e.GMM != nil
	}
	if hist.Truthy() {
		plot.Draw(hist, resHistFigure(e, a.State.Cut, c.PriorCut(), 0))
	}
	if roc.Truthy() {
		cols, height := 3, 300.0
		if roc.Get("clientWidth").Float() < 720 {
			cols, height = 1, 280
		}
		plot.Draw(roc, resROCFigure(c.roc, e, a.State.Cut, cols, height))
	}
	if loss.Truthy() && (len(h[0]) > 0 || len(h[1]) > 0) {
		plot.Draw(loss, resLossFigure(h, 0))
	}
}

// resResize counts window resizes (debounced to one per 200 ms) for every
// results view; one listener serves them all.
var resResize struct {
	once sync.Once
	gen  atomic.Int64
}

// hookResize makes sure the window's resize events re-render the page, so
// the charts are redrawn at the canvas's new width.
func (c *View) hookResize() {
	env := c.App.Env
	if env == nil {
		return
	}
	resResize.once.Do(func() {
		var timer js.Value
		fire := js.FuncOf(func(this js.Value, args []js.Value) any {
			timer = js.Undefined()
			resResize.gen.Add(1)
			go func() {
				env.Lock()
				env.UnlockRender()
			}()
			return nil
		})
		onResize := js.FuncOf(func(this js.Value, args []js.Value) any {
			if timer.Truthy() {
				js.Global().Call("clearTimeout", timer)
			}
			timer = js.Global().Call("setTimeout", fire, 200)
			return nil
		})
		js.Global().Call("addEventListener", "resize", onResize)
	})
}
