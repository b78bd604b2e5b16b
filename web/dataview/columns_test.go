package dataview

import (
	"slices"
	"strings"
	"testing"

	"flowlab/flow/data"
)

// numericInfo describes a file whose columns all hold 0 and 1.
func numericInfo(header []string) *data.CSVInfo {
	info := &data.CSVInfo{}
	for _, h := range header {
		info.Columns = append(info.Columns, data.ColumnInfo{Name: h, Numeric: true, Values: []data.LabelValue{{Value: "0", Rows: 1}, {Value: "1", Rows: 1}}})
	}
	return info
}

func TestDefaultColumns(t *testing.T) {
	nine := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "y"}
	tests := []struct {
		header   []string
		label    string
		features []string
		problem  string // a substring of Problem(), "" for none
	}{
		{[]string{"u_g", "g_r", "r_i", "i_z", "label"}, "label", []string{"u_g", "g_r", "r_i", "i_z"}, ""},
		// "label" wins over the last column, in any letter case.
		{[]string{"Label", "x1", "x2"}, "Label", []string{"x1", "x2"}, ""},
		{[]string{"x1", "x2", "class"}, "class", []string{"x1", "x2"}, ""},
		{[]string{"x1", "y"}, "y", []string{"x1"}, "at least 2 feature columns (1 chosen)"},
		// More than 8 candidates: the first 8 are ticked.
		{nine, "y", nine[:8], ""},
		{nil, "", nil, "no columns"},
	}
	for _, tc := range tests {
		c := DefaultColumns(numericInfo(tc.header), nil)
		if c.Label != tc.label || !slices.Equal(c.Features(), tc.features) {
			t.Errorf("%v: label %q features %v, want %q %v", tc.header, c.Label, c.Features(), tc.label, tc.features)
		}
		p := c.Problem()
		if (tc.problem == "") != (p == "") || !strings.Contains(p, tc.problem) {
			t.Errorf("%v: problem %q, want one containing %q", tc.header, p, tc.problem)
		}
	}
}

func TestColumnChoiceEdits(t *testing.T) {
	c := DefaultColumns(numericInfo([]string{"id", "a", "b", "c", "label"}), nil)
	if got := c.Features(); !slices.Equal(got, []string{"id", "a", "b", "c"}) {
		t.Fatalf("default features %v", got)
	}
	c.SetFeature("id", false)
	c.SetFeature("nope", true)  // unknown: ignored
	c.SetFeature("label", true) // the label: ignored
	if got := c.Features(); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("after unticking id: %v", got)
	}
	// Choosing a feature as the label unticks it; the old label stays unticked.
	c.SetLabel("c")
	if c.Label != "c" || !slices.Equal(c.Features(), []string{"a", "b"}) || c.IsFeature("label") {
		t.Errorf("after label c: label %q features %v", c.Label, c.Features())
	}
	opt := c.Options()
	if opt.Label != "c" || !slices.Equal(opt.Features, []string{"a", "b"}) {
		t.Errorf("options %+v", opt)
	}
	key := c.Key()
	c.SetFeature("a", false)
	if c.Problem() == "" {
		t.Error("one feature left, but no problem reported")
	}
	if c.Key() == key {
		t.Error("the key did not change with the features")
	}
	c.SetLabel("missing") // unknown: ignored
	if c.Label != "c" {
		t.Errorf("label changed to %q by an unknown name", c.Label)
	}
	for _, f := range []string{"a", "id", "label"} {
		c.SetFeature(f, true)
	}
	if got := c.Features(); !slices.Equal(got, []string{"id", "a", "b", "label"}) || c.Problem() != "" {
		t.Errorf("features %v problem %q", got, c.Problem())
	}
}

func TestColumnChoiceTooMany(t *testing.T) {
	header := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "label"}
	c := DefaultColumns(numericInfo(header), nil)
	c.SetFeature("i", true)
	if p := c.Problem(); !strings.Contains(p, "at most 8 feature columns (9 chosen)") {
		t.Errorf("problem %q", p)
	}
}
