//go:build !js || !wasm

package dataview

// drawCharts does nothing outside the browser: there are no canvases (see
// draw_js.go). The figures are tested through explorer-figures.go.
func (c *View) drawCharts() {}
