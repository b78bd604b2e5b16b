//go:build !js || !wasm

package trainview

// redraw does nothing outside the browser: there is no canvas.
func (c *LossChart) redraw() {}
