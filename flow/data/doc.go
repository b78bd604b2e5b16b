// Package data loads, checks, splits and packs the labelled tables Flow Lab trains on.
//
// A table is a [Dataset]: N rows of Dim float64 features, stored row-major in one flat slice,
// and a class label (0 or 1) per row. The RR Lyrae table has Dim 4 (colours u-g, g-r, r-i, i-z),
// label 0 for the 92,658 background stars and 1 for the 483 RR Lyrae.
//
// Sources: [ReadCSV] (and its shorthand [ParseCSV]) reads user uploads and the bundled CSV in
// the dialects spreadsheets, R and pandas write ([InspectCSV] describes a file's columns for a
// column picker) and reports problems as a
// [*ParseError] that names the file line and column; [DecodeAsset] reads the compact binary
// asset the web page downloads (format in ASSET.md and asset.go) and [EncodeAsset] writes it;
// [Toy] draws small 2-D teaching sets. [Split] makes a seeded, per-class train/test/validation split.
//
// Randomness is always passed in as a *rand.Rand from math/rand/v2: the same seed gives the same result.
package data
