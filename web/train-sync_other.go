//go:build !js || !wasm

package main

// syncControls does nothing outside the browser: there are no DOM
// properties to sync.
func (c *TrainView) syncControls() {}
