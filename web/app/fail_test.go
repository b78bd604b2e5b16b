package app_test

import (
	"strings"
	"testing"

	. "flowlab/web/app"
)

// TestFailClipsLongErrors keeps an error that quotes a whole file short.
func TestFailClipsLongErrors(t *testing.T) {
	a := NewApp("")
	a.ImportPair([]byte(strings.Repeat("x", 100000)), strings.Repeat("n", 100000)+".json")
	if len(a.Err) > 1100 {
		t.Errorf("error of %d bytes shown", len(a.Err))
	}
}
