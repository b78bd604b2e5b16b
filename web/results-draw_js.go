//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/vugu/vugu"

	"flowlab/web/plot"
)

// draw redraws the results canvases when what they show changed: the
// evaluation, the cut, the GMM baseline, the loss histories, a new canvas or
// the window's size. It runs under the render lock's read side.
func (c *Results) draw(ctx vugu.RenderedCtx) {
	a := c.App
	if a.Eval == nil || len(a.Eval.T) == 0 {
		c.drawn = ""
		return
	}
	c.hookResize()
	h := c.lossHistories()
	key := fmt.Sprintf("%p|%g|%t|%d|%d|%d|%d", a.Eval, a.State.Cut, a.Eval.GMM != nil, len(h[0]), len(h[1]), c.canvasGen, resResize.gen.Load())
	if key == c.drawn {
		return
	}
	c.drawn = key
	e := a.Eval
	if c.rocEval != e || c.rocHasGMM != (e.GMM != nil) {
		c.roc, c.rocEval, c.rocHasGMM = newResROCCurves(e), e, e.GMM != nil
	}
	if cv := js.Value(c.histCanvas); cv.Truthy() {
		plot.Draw(cv, resHistFigure(e, a.State.Cut, c.PriorCut(), 0))
	}
	if cv := js.Value(c.rocCanvas); cv.Truthy() {
		cols, height := 3, 300.0
		if cv.Get("clientWidth").Float() < 720 {
			cols, height = 1, 280
		}
		plot.Draw(cv, resROCFigure(c.roc, e, a.State.Cut, cols, height))
	}
	if cv := js.Value(c.lossCanvas); cv.Truthy() && (len(h[0]) > 0 || len(h[1]) > 0) {
		plot.Draw(cv, resLossFigure(h, 0))
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
func (c *Results) hookResize() {
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
