// Package dataview is the Data view (View, view.vugu): choosing the
// dataset (the bundled RR Lyrae stars, a 2-D teaching set or the visitor's
// CSV with its column choice), and exploring the one in use as the paper's
// section I does: class counts, per-class histograms, Table I's KS scores,
// correlation matrices and, for 2-D data, a scatter of the plane.
package dataview
