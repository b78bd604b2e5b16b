package app

import (
	"strings"
	"testing"
)

// TestClipText cuts at rune boundaries and leaves short strings alone.
func TestClipText(t *testing.T) {
	if got := ClipText("short", 10); got != "short" {
		t.Errorf("clipText changed a short string: %q", got)
	}
	s := strings.Repeat("é", 100) // 2 bytes a rune
	got := ClipText(s, 11)
	if !strings.HasPrefix(got, strings.Repeat("é", 5)+"…") {
		t.Errorf("ClipText(%d bytes, 11) = %q", len(s), got)
	}
}

// TestFailClipsLongErrors keeps an error that quotes a whole file short.
func TestFailClipsLongErrors(t *testing.T) {
	a := NewApp("")
	a.fail(errorString(strings.Repeat("x", 100000)))
	if len(a.Err) > maxErrorText+40 {
		t.Errorf("error of %d bytes shown", len(a.Err))
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
