package format

import (
	"strings"
	"testing"
)

// TestClip cuts at rune boundaries, says how long the text was, and leaves
// short strings alone.
func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{strings.Repeat("é", 100), 11, strings.Repeat("é", 5) + "… (100 characters)"},
		{strings.Repeat("a", 17000), 3, "aaa… (17,000 characters)"},
	} {
		if got := Clip(tc.s, tc.n); got != tc.want {
			t.Errorf("Clip(%d bytes, %d) = %q, want %q", len(tc.s), tc.n, got, tc.want)
		}
	}
}
