// Package plot describes charts as plain data and draws them on a <canvas>
// with one JavaScript call per draw (assets/plot.js does the drawing). Inputs
// are []float64 and ranges, never engine types, so views stay independent of
// the model and the layout code is tested natively.
//
// A Figure is one or more Panels laid out in a grid; a Panel has axes, line or
// step series, a point cloud with optional per-point colours, an optional
// heatmap, and vertical marks (such as a cut). Bulk numbers travel as
// Float64Arrays, everything else as a JSON spec.
package plot
