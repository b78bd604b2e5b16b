package dataview

import (
	"strings"
	"testing"
)

// TestCheckHeader refuses a 17,000-character name and a header of thousands
// of columns (a CR-only file read as one line), naming line 1 and the column.
func TestCheckHeader(t *testing.T) {
	long := []string{strings.Repeat("a", 17000), "b", "label"}
	wide := make([]string, 9000)
	for i := range wide {
		wide[i] = "c"
	}
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{long, "line 1: the name of column 1 is 17,000 characters long"},
		{wide, "line 1: the header line has 9,000 columns"},
	} {
		err := checkHeader(tc.header)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkHeader: %v, want %q", err, tc.want)
		}
	}
	if err := checkHeader([]string{"u_g", "g_r", "label"}); err != nil {
		t.Errorf("a good header refused: %v", err)
	}
}
