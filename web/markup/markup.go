// Package markup holds the small attribute helpers every view's template
// shares, so a class name or an ARIA value is spelled in one place.
package markup

// AriaCurrent is the aria-current value of a navigation control: "page" for
// the current one; false leaves the attribute out.
func AriaCurrent(current bool) any {
	if current {
		return "page"
	}
	return false
}

// SwatchClass is the CSS class of a class's colour swatch: 0 background,
// 1 signal (RR Lyrae).
func SwatchClass(k int) string {
	if k == 1 {
		return "swatch-signal"
	}
	return "swatch-background"
}
