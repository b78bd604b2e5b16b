package data

import (
	"io"
	"strings"
)

// CSVInfo describes a CSV file's columns, for a column picker: which columns
// are numeric (feature candidates) and which few values a possible label
// column holds (so a page can ask which value is the signal class).
type CSVInfo struct {
	// Dialect says how the file is written.
	Dialect Dialect
	// Columns describes every column, in file order, without a row-index column.
	Columns []ColumnInfo
	// Rows is the number of data rows.
	Rows int
}

// ColumnInfo describes one column of a CSV file.
type ColumnInfo struct {
	// Name is the header name (trimmed; it may be long, see [ShortName]).
	Name string
	// Numeric is set when every value is a finite number within MaxMagnitude.
	Numeric bool
	// FirstBad is the first value that is not such a number, and BadLine its line
	// (0 if Numeric).
	FirstBad string
	BadLine  int
	// Values lists the column's distinct values, as written, with their row counts, in
	// order of first appearance, when there are at most MaxLabelValues of them; nil if
	// there are more (not a label column).
	Values []LabelValue
}

// IsBinary reports whether the column holds exactly the numbers 0 and 1 (in
// any spelling): a label column that needs no mapping.
func (c ColumnInfo) IsBinary() bool {
	if !c.Numeric || len(c.Values) < 2 {
		return false
	}
	var seen [2]bool
	for _, v := range c.Values {
		y, ok := labelOf(v.Value, "", true)
		if !ok {
			return false
		}
		seen[y] = true
	}
	return seen[0] && seen[1]
}

// InspectCSV reads the whole CSV in r and describes its dialect and columns.
// Unlike ReadCSV it chooses no columns, so it fails only when the file
// itself is broken (header, quoting, field counts, caps), with a *ParseError
// naming the line. opt.Delimiter, opt.MaxBytes and opt.MaxRows apply; the
// other options are ignored.
func InspectCSV(r io.Reader, opt CSVOptions) (*CSVInfo, error) {
	t, err := openTable(r, opt)
	if err != nil {
		return nil, err
	}
	info := &CSVInfo{Columns: make([]ColumnInfo, len(t.header))}
	counters := make([]labelCounter, len(t.header))
	for i, name := range t.header {
		info.Columns[i] = ColumnInfo{Name: name, Numeric: true}
	}
	decimalComma := t.dialect.Delimiter != ','
	for {
		fields, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if opt.MaxRows > 0 && info.Rows >= opt.MaxRows {
			return nil, &ParseError{Line: line, Err: errTooManyRows(opt.MaxRows)}
		}
		info.Rows++
		for i, f := range fields {
			c := &info.Columns[i]
			if !counters[i].more {
				counters[i].add(strings.TrimSpace(f))
			}
			if c.Numeric {
				_, comma, err := parseValue(f, decimalComma)
				if err != nil {
					c.Numeric, c.FirstBad, c.BadLine = false, ShortName(strings.TrimSpace(f), 80), line
				}
				t.dialect.DecimalComma = t.dialect.DecimalComma || comma
			}
		}
	}
	for i := range info.Columns {
		if !counters[i].more {
			info.Columns[i].Values = counters[i].values
		}
	}
	info.Dialect = t.dialect
	return info, nil
}
