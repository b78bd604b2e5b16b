package dataview

import (
	"fmt"
	"slices"
	"strings"

	"flowlab/flow/data"
)

// ColumnChoice is the visitor's choice of columns in an uploaded CSV: one
// label column (0/1, or any few values with one chosen as the signal class)
// and data.MinFeatures…data.MaxFeatures feature columns. The zero value has
// no header; make one with [DefaultColumns].
type ColumnChoice struct {
	// Header is the CSV's column names, in file order (without a row index).
	Header []string
	// Label is the label column's name (a Header entry).
	Label string
	// Signal is the label value of the signal class (label 1) when the label
	// column does not hold 0 and 1; "" for a 0/1 column.
	Signal string
	// SignalGuessed is set while Signal is the page's guess, not the visitor's.
	SignalGuessed bool
	// Prefer names features in the order a classifier the page has wants
	// them (the pretrained one's u_g, g_r, r_i, i_z): when the chosen
	// features are these names, in any order or letter case, they are read
	// in this order and under these names, so the classifier still fits.
	Prefer []string
	// feature[i] says whether Header[i] is a feature; never true for the label.
	feature []bool
	// columns describes each column (numeric, its few values), as
	// data.InspectCSV found them; nil when unknown.
	columns []data.ColumnInfo
}

// labelNames are column names that usually hold the class, in order of preference.
var labelNames = []string{data.DefaultLabel, "class", "target", "type", "y", "is_rrlyrae", "rrlyrae"}

// DefaultColumns is the first guess for a CSV as info describes it: the
// label is the column named "label" (any letter case; else class, target,
// type, y), else the last column of two values, else the last column; the
// features are the numeric columns but the label, the names of prefer first
// when the file has them all, at most data.MaxFeatures in all. A label
// column of other values than 0 and 1 gets a guessed signal value.
func DefaultColumns(info *data.CSVInfo, prefer []string) ColumnChoice {
	c := ColumnChoice{Prefer: slices.Clone(prefer), columns: slices.Clone(info.Columns)}
	for _, col := range info.Columns {
		c.Header = append(c.Header, col.Name)
	}
	c.feature = make([]bool, len(c.Header))
	if len(c.Header) == 0 {
		return c
	}
	c.Label = c.guessLabel()
	if idx, err := data.MatchNames(c.Header, prefer); err == nil && len(prefer) > 0 && !slices.Contains(idx, c.index(c.Label)) {
		for _, i := range idx {
			c.feature[i] = true
		}
	} else {
		// Numeric columns first; others only if too few are numeric, so
		// that the parse names the line and column that is not a number.
		n := 0
		for _, numeric := range []bool{true, false} {
			for i, h := range c.Header {
				if h != c.Label && c.numeric(i) == numeric && n < data.MaxFeatures && (numeric || n < data.MinFeatures) {
					c.feature[i] = true
					n++
				}
			}
		}
	}
	c.guessSignal()
	return c
}

// guessLabel picks the label column (see DefaultColumns).
func (c *ColumnChoice) guessLabel() string {
	for _, want := range labelNames {
		for _, h := range c.Header {
			if strings.EqualFold(h, want) {
				return h
			}
		}
	}
	for i := len(c.Header) - 1; i >= 0; i-- {
		if col := c.column(i); col != nil && len(col.Values) == 2 {
			return c.Header[i]
		}
	}
	return c.Header[len(c.Header)-1]
}

// guessSignal sets Signal for the label column: "" for a 0/1 column or one
// of other numbers (its parse names the first row that is not 0 or 1, and
// the visitor chooses), else data.GuessSignal's pick (the "yes" of a yes/no
// pair), else the rarer of the values (the signal class is usually the rare
// one: 483 RR Lyrae among 92,658 stars). The visitor can change it.
func (c *ColumnChoice) guessSignal() {
	c.Signal, c.SignalGuessed = "", false
	col := c.column(c.index(c.Label))
	if col == nil || col.Numeric || len(col.Values) < 2 {
		return
	}
	c.Signal = data.GuessSignal(col.Values)
	if c.Signal == "" {
		rare := col.Values[0]
		for _, v := range col.Values[1:] {
			if v.Rows < rare.Rows {
				rare = v
			}
		}
		c.Signal = rare.Value
	}
	c.SignalGuessed = true
}

// column describes Header[i], or is nil when unknown.
func (c *ColumnChoice) column(i int) *data.ColumnInfo {
	if i < 0 || i >= len(c.columns) {
		return nil
	}
	return &c.columns[i]
}

// numeric reports whether Header[i] holds only numbers (true when unknown).
func (c *ColumnChoice) numeric(i int) bool {
	col := c.column(i)
	return col == nil || col.Numeric
}

// index returns the position of name in the header, or -1.
func (c *ColumnChoice) index(name string) int { return slices.Index(c.Header, name) }

// IsFeature reports whether the named column is chosen as a feature.
func (c *ColumnChoice) IsFeature(name string) bool {
	i := c.index(name)
	return i >= 0 && c.feature[i]
}

// NotNumbers says why the named column cannot be a feature, e.g.
// `line 17 holds "abc"`, or "" when it holds only numbers (or is unknown).
func (c *ColumnChoice) NotNumbers(name string) string {
	col := c.column(c.index(name))
	if col == nil || col.Numeric {
		return ""
	}
	return fmt.Sprintf("not numbers: line %d holds %q", col.BadLine, data.ShortName(col.FirstBad, 30))
}

// SetLabel makes the named column the label (it stops being a feature) and
// guesses its signal value. The old label column does not become a feature
// by itself. Unknown names are ignored.
func (c *ColumnChoice) SetLabel(name string) {
	i := c.index(name)
	if i < 0 {
		return
	}
	c.Label = name
	c.feature[i] = false
	c.guessSignal()
}

// SetSignal chooses the label value of the signal class.
func (c *ColumnChoice) SetSignal(value string) {
	for _, v := range c.LabelValues() {
		if v.Value == value {
			c.Signal, c.SignalGuessed = value, false
			return
		}
	}
}

// LabelValues lists the label column's values and their rows when they are
// not 0 and 1 (the signal class is then chosen among them), else nil.
func (c *ColumnChoice) LabelValues() []data.LabelValue {
	col := c.column(c.index(c.Label))
	if col == nil || col.IsBinary() {
		return nil
	}
	return col.Values
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

// Features returns the chosen feature columns: in the order of Prefer when
// they are its names, else in file order.
func (c *ColumnChoice) Features() []string {
	var f []string
	for i, on := range c.feature {
		if on {
			f = append(f, c.Header[i])
		}
	}
	if c.prefers(f) {
		idx, _ := data.MatchNames(c.Header, c.Prefer)
		f = f[:0]
		for _, i := range idx {
			f = append(f, c.Header[i])
		}
	}
	return f
}

// prefers reports whether the features f are the names of Prefer, in some
// order or letter case.
func (c *ColumnChoice) prefers(f []string) bool {
	if len(c.Prefer) == 0 || len(f) != len(c.Prefer) {
		return false
	}
	idx, err := data.MatchNames(f, c.Prefer)
	if err != nil {
		return false
	}
	slices.Sort(idx)
	return len(slices.Compact(idx)) == len(f)
}

// Names are the names the read table's features get: Prefer when the
// features are its names (so "U_G" in a file still fits a classifier of
// u_g), else the header's.
func (c *ColumnChoice) Names() []string {
	f := c.Features()
	if c.prefers(f) {
		return slices.Clone(c.Prefer)
	}
	return f
}

// Problem explains why the choice cannot be loaded, or returns "".
func (c *ColumnChoice) Problem() string {
	n := len(c.Features())
	label := c.column(c.index(c.Label))
	switch {
	case len(c.Header) == 0:
		return "the file has no columns"
	case c.index(c.Label) < 0:
		return "choose the label column"
	case label != nil && label.Values == nil:
		return fmt.Sprintf("the label column %q has more than %d different values; choose the column that holds the class", data.ShortName(c.Label, 40), data.MaxLabelValues)
	case n < data.MinFeatures:
		return fmt.Sprintf("choose at least %d feature columns (%d chosen)", data.MinFeatures, n)
	case n > data.MaxFeatures:
		return fmt.Sprintf("choose at most %d feature columns (%d chosen)", data.MaxFeatures, n)
	}
	return ""
}

// Options returns the parser options for this choice.
func (c *ColumnChoice) Options() data.CSVOptions {
	return data.CSVOptions{Features: c.Features(), Label: c.Label, Signal: c.Signal}
}

// Key identifies the choice, to tell whether a parse used the current one.
func (c *ColumnChoice) Key() string {
	return c.Label + "\x00" + c.Signal + "\x00" + strings.Join(c.Features(), "\x00")
}
