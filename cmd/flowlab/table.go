package main

import (
	"fmt"
	"io"
	"slices"

	"flowlab/flow/data"
)

// table is a CSV read for scoring: n rows of dim features in the model's
// order, and the labels if the file has a label column.
type table struct {
	x      []float64
	n, dim int
	labels []int // nil without a label column
}

// noLabel is a label column name no header can match: the label is not read.
const noLabel = "\x00"

// readTable reads the columns features (in that order, matched by name)
// from a CSV in any dialect data.ReadCSV reads, and the label column if
// there is one (signal, if not "", names the value of class 1). It needs no
// label column and accepts a single class. With no feature names (a model
// saved without them) it reads every column but the label and requires dim
// of them. Problems in the file are reported as *data.ParseError with their
// line and column.
func readTable(r io.Reader, features []string, dim int, label, signal string) (*table, error) {
	if slices.Contains(features, label) {
		label = noLabel // the model reads that column as a feature
	}
	res, err := data.ReadCSV(r, data.CSVOptions{Features: features, Label: label, Signal: signal, ForScoring: true})
	if err != nil {
		return nil, err
	}
	d := res.Data
	if len(features) == 0 && d.Dim != dim {
		return nil, &data.ParseError{Line: 1, Err: fmt.Errorf("%w: the model has %d features and no feature names, the file has %d columns besides the label",
			data.ErrMissingColumn, dim, d.Dim)}
	}
	t := &table{x: d.X, n: d.Len(), dim: d.Dim}
	if res.Labelled {
		t.labels = d.Y
	}
	return t, nil
}
