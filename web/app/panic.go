package app

import (
	"fmt"
	"os"
	"runtime/debug"
	"unicode/utf8"

	"flowlab/web/format"
)

// ClipText shortens s to about n bytes at a rune boundary, ending in
// "… (N characters)" when it cut.
func ClipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%s characters)", format.Thousands(utf8.RuneCountInString(s)))
}

// LogPanic writes a recovered panic and its stack to the browser console.
func LogPanic(what string, r any) {
	fmt.Fprintf(os.Stderr, "flowlab: recovered from a panic while %s: %v\n%s", what, r, debug.Stack())
}
