//go:build !js || !wasm

package dataview

import "flowlab/flow/data"

// drawCharts does nothing outside the browser: there are no canvases (see
// draw_js.go). The figures are tested through explorer-figures.go.
func (c *View) drawCharts() {}

// DrawGlance does nothing outside the browser (see draw_js.go).
func DrawGlance(testID string, d *data.Dataset) {}
