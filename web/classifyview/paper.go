package classifyview

// Table3Heading titles the metrics table: the paper's Table III beside the
// shown classifier on the paper's data, the classifier beside its baselines
// on any other.
func (c *View) Table3Heading() string {
	if c.App.PaperData() {
		return "Table III, side by side (cut t = 0)"
	}
	if !c.App.SDSS() {
		return "The classifier beside its baselines (cut t = 0)"
	}
	return "The classifier beside its baselines (cut t = 0); the paper's Table III is for the RR Lyrae stars only"
}
