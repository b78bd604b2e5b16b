//go:build !js || !wasm

package main

// drawCharts does nothing outside the browser: there are no canvases (see
// data-draw_js.go). The figures are tested through explorer-figures.go.
func (c *DataView) drawCharts() {}
