package dataview

import (
	"fmt"
	"math"
	"slices"

	"flowlab/flow/experiment"
	"flowlab/web/format"
)

// HistCaption explains the histograms of the data in use.
func (c *View) HistCaption() string {
	e := c.Explorer()
	if e == nil {
		return ""
	}
	names := c.ClassNames()
	small, large := 1, 0
	if e.Counts[0] < e.Counts[1] {
		small, large = 0, 1
	}
	text := fmt.Sprintf("Each panel is one feature, with %d bins shared by both classes. Each class's bars are normalised to unit area (a probability density), ", ExplorerBins)
	if e.Counts[small] > 0 && float64(e.Counts[large]) >= 5*float64(e.Counts[small]) {
		text += fmt.Sprintf("so the %s %s are as visible as the %s %s; in raw counts they would be a sliver at the bottom. ",
			format.Thousands(e.Counts[small]), names[small], format.Thousands(e.Counts[large]), names[large])
	} else {
		text += "so the two classes can be compared whatever their sizes. "
	}
	return text + fmt.Sprintf("Where the orange bars stand high above the blue ones, that value is far more typical of %s than of %s: the ratio of the two densities is what the flows learn, in all features at once.", names[1], names[0])
}

// ScatterCaption explains the scatter plot of 2-D data.
func (c *View) ScatterCaption() string {
	if !c.IsPlane() {
		return ""
	}
	names := c.ClassNames()
	text := fmt.Sprintf("Every row is a dot: %s in blue, %s in orange. ", names[0], names[1])
	if c.IsToy() {
		text += "Each class gets its own flow; it has to turn a round Gaussian cloud into exactly this shape, and the Inspect view shows it doing so layer by layer."
	} else {
		text += "Each class gets its own flow, which has to turn a round Gaussian cloud into its class's shape."
	}
	return text
}

// KSNote interprets the KS values of the data in use.
func (c *View) KSNote() string {
	e := c.Explorer()
	if e == nil || len(e.KS) == 0 {
		return ""
	}
	lo, hi := slices.Min(e.KS), slices.Max(e.KS)
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "It needs rows of both classes."
	}
	if c.isPaperData() {
		return fmt.Sprintf("All four colours score between %.2f and %.2f, as in the paper: each one alone already separates the classes well, but none perfectly, so the flows combine all four.", lo, hi)
	}
	paper := ""
	if c.IsSDSS() {
		paper = fmt.Sprintf(" The paper's values, %.2f to %.2f, are for the RR Lyrae data only.", slices.Min(experiment.PaperKS), slices.Max(experiment.PaperKS))
	}
	if lo == hi {
		return fmt.Sprintf("Here D is %.2f for every feature.", lo) + paper
	}
	return fmt.Sprintf("Here D runs from %.2f to %.2f.", lo, hi) + paper
}

// CorrTitle names class k's correlation table (and its figure in the paper).
func (c *View) CorrTitle(k int) string {
	name := c.ClassNames()[k]
	if c.IsSDSS() {
		return name + map[int]string{0: " (paper Fig. 8)", 1: " (paper Fig. 7)"}[k]
	}
	return name
}

// CorrTestID is the data-testid of class k's correlation table.
func (c *View) CorrTestID(k int) string { return fmt.Sprintf("corr-%d", k) }

// CorrNote points at what the paper reads from the correlation matrices,
// with this data's numbers; "" for data other than the SDSS colours.
func (c *View) CorrNote() string {
	e := c.Explorer()
	if e == nil || !c.IsSDSS() {
		return ""
	}
	at := func(k, i, j int) float64 { return e.Corr[k][i*e.Dim+j] }
	// features: 0 u−g, 1 g−r, 2 r−i, 3 i−z
	weakest := math.Max(math.Abs(at(1, 0, 1)), math.Abs(at(1, 0, 2)))
	return fmt.Sprintf("As the paper notes, g − r and r − i are strongly correlated in both classes (r = %.2f for RR Lyrae, %.2f for background): both trace temperature. For RR Lyrae, u − g is nearly unrelated to g − r and r − i (|r| ≤ %.2f), so it adds a dimension of its own.",
		at(1, 1, 2), at(0, 1, 2), weakest)
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(rgb [3]int) float64 {
	var l [3]float64
	for i, v := range rgb {
		c := float64(v) / 255
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrast is the WCAG contrast ratio of two relative luminances.
func contrast(a, b float64) float64 { return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05) }

// corrStyle colours a correlation cell on a purple (−1) – white (0) –
// brown (+1) scale (ColorBrewer PuOr ends, readable with colour-blindness),
// with whichever of white or dark text contrasts more. NaN cells get no colour.
func corrStyle(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	t := math.Min(math.Abs(v), 1)
	base := [3]float64{179, 88, 6} // #b35806
	if v < 0 {
		base = [3]float64{84, 39, 136} // #542788
	}
	var rgb [3]int
	for i, b := range base {
		rgb[i] = int(math.Round(255 + t*(b-255)))
	}
	ink := "#1d2327"
	if contrast(luminance(rgb), 1) > contrast(luminance(rgb), luminance([3]int{0x1d, 0x23, 0x27})) {
		ink = "#ffffff"
	}
	return fmt.Sprintf("background-color: rgb(%d, %d, %d); color: %s", rgb[0], rgb[1], rgb[2], ink)
}

// PaperRef is " (paper <what>)" for a table with the RR Lyrae colours, where
// the paper's figure or table is the same kind of picture, and "" for any
// other data.
func (c *View) PaperRef(what string) string {
	if !c.IsSDSS() {
		return ""
	}
	return " (paper " + what + ")"
}
