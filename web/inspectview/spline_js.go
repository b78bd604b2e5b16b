//go:build js && wasm

package inspectview

import (
	"fmt"
	"syscall/js"

	vjs "github.com/vugu/vugu/js"

	"flowlab/web/plot"
)

// splinePopulated draws the spline chart into its host after a render.
// vugu leaves the children of an element it renders empty alone, so the
// canvas keeps its pixels across renders and is redrawn only when the
// chart or the host's width changed.
func (c *View) splinePopulated(v vjs.Value) {
	host := js.Value(v)
	ch := c.Spline()
	if ch == nil || !host.Truthy() || !host.Get("isConnected").Truthy() {
		return
	}
	if !sameElement(c.splineHost, v) {
		c.splineHost, c.splineDraw = v, ""
	}
	if host.Get("childElementCount").Int() != 1 {
		host.Set("textContent", "")
		cv := js.Global().Get("document").Call("createElement", "canvas")
		cv.Set("className", "insp-spline-canvas")
		cv.Call("setAttribute", "data-testid", "spline-canvas")
		cv.Call("setAttribute", "role", "img")
		host.Call("appendChild", cv)
		c.splineDraw = ""
	}
	cv := host.Get("firstElementChild")
	w := host.Get("clientWidth").Float()
	key := fmt.Sprintf("%p|%g", ch, w)
	if key == c.splineDraw {
		return
	}
	cv.Call("setAttribute", "aria-label", ch.Describe())
	if err := plot.Draw(cv, ch.Figure(w)); err != nil {
		js.Global().Get("console").Call("error", "spline chart: "+err.Error())
		return
	}
	c.splineDraw = key
}
