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
