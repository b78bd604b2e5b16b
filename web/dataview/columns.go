package dataview

import (
	"fmt"
	"slices"
	"strings"

	"flowlab/flow/data"
)

// ColumnChoice is the visitor's choice of columns in an uploaded CSV: one
// 0/1 label column and data.MinFeatures…data.MaxFeatures feature columns.
// The zero value has no header; make one with [DefaultColumns].
type ColumnChoice struct {
	// Header is the CSV's column names, in file order.
	Header []string
	// Label is the label column's name (a Header entry).
	Label string
	// feature[i] says whether Header[i] is a feature; never true for the label.
	feature []bool
}

// DefaultColumns is the first guess for a CSV with these columns: the label
// is the column named "label" (any letter case), else the last column; the
// features are all other columns in file order, at most data.MaxFeatures
// of them (the first ones).
func DefaultColumns(header []string) ColumnChoice {
	c := ColumnChoice{Header: slices.Clone(header), feature: make([]bool, len(header))}
	if len(header) == 0 {
		return c
	}
	c.Label = header[len(header)-1]
	for _, h := range header {
		if strings.EqualFold(h, data.DefaultLabel) {
			c.Label = h
			break
		}
	}
	n := 0
	for i, h := range header {
		if h != c.Label && n < data.MaxFeatures {
			c.feature[i] = true
			n++
		}
	}
	return c
}

// index returns the position of name in the header, or -1.
func (c *ColumnChoice) index(name string) int { return slices.Index(c.Header, name) }

// IsFeature reports whether the named column is chosen as a feature.
func (c *ColumnChoice) IsFeature(name string) bool {
	i := c.index(name)
	return i >= 0 && c.feature[i]
}

// SetLabel makes the named column the label (it stops being a feature).
// The old label column does not become a feature by itself. Unknown names
// are ignored.
func (c *ColumnChoice) SetLabel(name string) {
	i := c.index(name)
	if i < 0 {
		return
	}
	c.Label = name
	c.feature[i] = false
}

// SetFeature chooses or drops the named column as a feature. The label
// column cannot be a feature, and unknown names are ignored; Problem
// reports a count outside the allowed range.
func (c *ColumnChoice) SetFeature(name string, on bool) {
	i := c.index(name)
	if i < 0 || name == c.Label {
		return
	}
	c.feature[i] = on
}

// Features returns the chosen feature columns in file order.
func (c *ColumnChoice) Features() []string {
	var f []string
	for i, on := range c.feature {
		if on {
			f = append(f, c.Header[i])
		}
	}
	return f
}

// Problem explains why the choice cannot be loaded, or returns "".
func (c *ColumnChoice) Problem() string {
	n := len(c.Features())
	switch {
	case len(c.Header) == 0:
		return "the file has no columns"
	case c.index(c.Label) < 0:
		return "choose the label column"
	case n < data.MinFeatures:
		return fmt.Sprintf("choose at least %d feature columns (%d chosen)", data.MinFeatures, n)
	case n > data.MaxFeatures:
		return fmt.Sprintf("choose at most %d feature columns (%d chosen)", data.MaxFeatures, n)
	}
	return ""
}

// Options returns the parser options for this choice.
func (c *ColumnChoice) Options() data.CSVOptions {
	return data.CSVOptions{Features: c.Features(), Label: c.Label}
}

// Key identifies the choice, to tell whether a parse used the current one.
func (c *ColumnChoice) Key() string {
	return c.Label + "\x00" + strings.Join(c.Features(), "\x00")
}
