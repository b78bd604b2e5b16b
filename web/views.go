package main

// ViewLabel names a view for the navigation.
func ViewLabel(v string) string {
	switch v {
	case "data":
		return "1 · Data"
	case "train":
		return "2 · Train"
	case "inspect":
		return "3 · Inspect the flow"
	case "results":
		return "4 · Classify"
	}
	return v
}

// ariaCurrent is the aria-current value of a navigation button: "page" for
// the current view; false leaves the attribute out.
func ariaCurrent(current bool) any {
	if current {
		return "page"
	}
	return false
}

// swatchClass is the CSS class of a class's colour swatch.
func swatchClass(k int) string {
	if k == 1 {
		return "swatch-signal"
	}
	return "swatch-background"
}
