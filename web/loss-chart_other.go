//go:build !js || !wasm

package main

// redraw does nothing outside the browser: there is no canvas.
func (c *LossChart) redraw() {}
