package format

import (
	"fmt"
	"unicode/utf8"
)

// Clip shortens s to about n bytes at a rune boundary, ending in
// "… (N characters)" when it cut; a shorter s is returned as it is.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%s characters)", Thousands(utf8.RuneCountInString(s)))
}
