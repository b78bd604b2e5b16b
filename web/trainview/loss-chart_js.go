//go:build js && wasm

package trainview

import (
	sjs "syscall/js"
	"time"

	"flowlab/web/plot"
)

// lossCanvases returns the host's two canvases, creating them (and a resize
// observer that re-renders, so the charts follow the page's width) the
// first time.
func (c *LossChart) lossCanvases(host sjs.Value) (loss, lr sjs.Value) {
	if host.Get("childElementCount").Int() < 2 {
		doc := sjs.Global().Get("document")
		host.Set("textContent", "")
		mk := func(class, testid, label string) sjs.Value {
			cv := doc.Call("createElement", "canvas")
			cv.Set("className", class)
			cv.Call("setAttribute", "data-testid", testid)
			cv.Call("setAttribute", "role", "img")
			cv.Call("setAttribute", "aria-label", label)
			host.Call("appendChild", cv)
			return cv
		}
		mk("loss-canvas", "train-loss-canvas", "Loss curves")
		mk("lr-canvas", "train-lr-canvas", "Learning rate of each flow against optimiser steps, on a log scale")
		c.drawn, c.observed = "", false
	}
	if !c.observed {
		if ro := sjs.Global().Get("ResizeObserver"); ro.Truthy() {
			var width int
			cb := sjs.FuncOf(func(this sjs.Value, args []sjs.Value) any {
				// Never block here: ask for a render from a goroutine.
				if w := host.Get("clientWidth").Int(); w != width && c.env != nil {
					width = w
					env := c.env
					go func() {
						env.Lock()
						env.UnlockRender()
					}()
				}
				return nil
			})
			ro.New(cb).Call("observe", host)
		}
		c.observed = true
	}
	kids := host.Get("children")
	return kids.Index(0), kids.Index(1)
}

// redraw draws both canvases if what they show changed since the last
// draw, waiting until lossRedrawGap has passed since then (a render is
// scheduled to catch up).
func (c *LossChart) redraw() {
	host := sjs.Value(c.host)
	if !host.Truthy() || !host.Get("isConnected").Truthy() {
		return
	}
	canvas, lrCanvas := c.lossCanvases(host)
	w := host.Get("clientWidth").Int()
	key := c.drawKey(w)
	if key == c.drawn {
		return
	}
	if wait := lossRedrawGap - time.Since(c.lastDraw); wait > 0 {
		c.scheduleRender(wait)
		return
	}
	loss, lr := c.Figures(lossCols(w))
	canvas.Call("setAttribute", "aria-label", c.Describe())
	if err := plot.Draw(canvas, loss); err != nil {
		sjs.Global().Get("console").Call("error", "loss chart: "+err.Error())
		return
	}
	if err := plot.Draw(lrCanvas, lr); err != nil {
		sjs.Global().Get("console").Call("error", "learning-rate chart: "+err.Error())
		return
	}
	c.drawn, c.lastDraw = key, time.Now()
}
