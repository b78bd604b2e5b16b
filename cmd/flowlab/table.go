package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"flowlab/flow/data"
)

// table is a CSV read for scoring: n rows of dim features in the model's
// order, and the labels if the file has a label column.
type table struct {
	x      []float64
	n, dim int
	labels []int // nil without a label column
}

// readTable reads the columns features (in that order) from a CSV in the
// dialect of data.ParseCSV, and the label column if there is one. Unlike
// data.ParseCSV it needs no label column and accepts a single class. With
// no feature names (a model saved without them) it reads every column but
// the label and requires dim of them. Problems in the file are reported as
// *data.ParseError with their line and column.
func readTable(r io.Reader, features []string, dim int, label string) (*table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, &data.ParseError{Line: 1, Err: fmt.Errorf("reading CSV: %w", err)}
	}
	header, err := data.ReadHeader(bytes.NewReader(first))
	if err != nil {
		return nil, err
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	labelCol, ok := col[label]
	if !ok || slices.Contains(features, label) {
		labelCol = -1
	}
	if len(features) == 0 {
		for i, h := range header {
			if i != labelCol {
				features = append(features, h)
			}
		}
		if len(features) != dim {
			return nil, &data.ParseError{Line: 1, Err: fmt.Errorf("%w: the model has %d features and no feature names, the file has %d columns besides %q: %s",
				data.ErrMissingColumn, dim, len(features), label, strings.Join(features, ", "))}
		}
	}
	featCol := make([]int, len(features))
	for j, f := range features {
		c, ok := col[f]
		if !ok {
			return nil, &data.ParseError{Line: 1, Column: f, Err: fmt.Errorf("%w: the model reads the features %s; the header has %s",
				data.ErrMissingColumn, strings.Join(features, ", "), strings.Join(header, ", "))}
		}
		featCol[j] = c
	}

	t := &table{dim: len(features)}
	if labelCol >= 0 {
		t.labels = []int{}
	}
	line, blank := 1, 0
	for {
		raw, err := br.ReadBytes('\n')
		if len(raw) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, &data.ParseError{Line: line + 1, Err: fmt.Errorf("reading CSV: %w", err)}
		}
		line++
		s := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
		if strings.Trim(s, " \t") == "" {
			if blank == 0 {
				blank = line
			}
			continue
		}
		if blank != 0 {
			return nil, &data.ParseError{Line: blank, Err: fmt.Errorf("%w: blank line inside the data (blank lines are allowed only at the end)", data.ErrFieldCount)}
		}
		fields := strings.Split(s, ",")
		if len(fields) != len(header) {
			return nil, &data.ParseError{Line: line, Err: fmt.Errorf("%w: %d fields, the header has %d", data.ErrFieldCount, len(fields), len(header))}
		}
		for _, c := range featCol {
			v, err := parseFeature(fields[c])
			if err != nil {
				return nil, &data.ParseError{Line: line, Column: header[c], Err: err}
			}
			t.x = append(t.x, v)
		}
		if labelCol >= 0 {
			s := strings.Trim(fields[labelCol], " \t")
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || (v != 0 && v != 1) {
				return nil, &data.ParseError{Line: line, Column: label, Err: fmt.Errorf("%w: %q", data.ErrBadLabel, s)}
			}
			t.labels = append(t.labels, int(v))
		}
		t.n++
		if err == io.EOF {
			break
		}
	}
	if t.n == 0 {
		return nil, &data.ParseError{Err: fmt.Errorf("%w: the file has a header but no data rows", data.ErrNoRows)}
	}
	return t, nil
}

// parseFeature parses one feature field as data.ParseCSV does.
func parseFeature(field string) (float64, error) {
	s := strings.Trim(field, " \t")
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%w: %q is out of range", data.ErrNotFinite, s)
	case err != nil:
		return 0, fmt.Errorf("%w: %q", data.ErrNotNumber, s)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%w: %q", data.ErrNotFinite, s)
	}
	return v, nil
}
