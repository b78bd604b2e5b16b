package dataview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/format"
)

// View lets the visitor choose the dataset (the bundled RR Lyrae stars,
// a 2-D teaching set or their own CSV) and explores the one in use, as the
// paper's section I does. view.vugu is its template; the upload is in
// upload.go, the statistics in explorer.go, the charts in
// explorer-figures.go.
type View struct {
	App *app.App
}

// dataSide is the Data view's memory, kept in the App (app.Memo) because
// vugu drops a component while another view is shown.
type dataSide struct {
	open     bool        // "Your own CSV" is chosen (the upload panel shows)
	file     *uploadFile // the last file read, nil before any
	seq      int         // counts reads and parses; a result applies only if it is the latest
	dragging bool        // a file is dragged over the drop zone
	errShown string      // the App.Err this view set, so it clears only its own
	charts   explorerCharts
}

// side returns the view's memory in its App.
func (c *View) side() *dataSide {
	return app.Memo(c.App, func() *dataSide { return &dataSide{open: c.App.State.Dataset == app.DatasetUpload} })
}

// DatasetChoice is one entry of the dataset menu.
type DatasetChoice struct {
	// Key is the State.Dataset value; Label the menu text.
	Key, Label string
}

// Choices lists the dataset menu: the bundled data, the teaching sets,
// the visitor's CSV.
func (c *View) Choices() []DatasetChoice {
	out := []DatasetChoice{{app.DatasetBundled, "RR Lyrae stars (the paper's data)"}}
	for _, name := range data.ToyNames {
		out = append(out, DatasetChoice{name, "2-D set: " + strings.ToLower(app.ToyLabel(name))})
	}
	return append(out, DatasetChoice{app.DatasetUpload, "Your own CSV…"})
}

// Choice is the menu entry shown as selected.
func (c *View) Choice() string {
	if c.side().open || c.App.State.Dataset == app.DatasetUpload {
		return app.DatasetUpload
	}
	return c.App.State.Dataset
}

// ChoiceAbout explains the selected menu entry in a sentence or two.
func (c *View) ChoiceAbout() string {
	half := format.Thousands(app.ToyRows / 2)
	switch c.Choice() {
	case app.DatasetBundled:
		return "93,141 stars from the Sloan Digital Sky Survey's Stripe 82 (as assembled by astroML): 483 RR Lyrae and 92,658 other stars, four colours each. This is the data the paper classifies."
	case "moons":
		return "Two interleaving half circles with a little noise, " + half + " points each. A flow has to bend the round Gaussian into a curved band."
	case "rings":
		return "Two concentric circles, radius 1 and 2, " + half + " points each. A Gaussian has no hole in the middle: the flow has to tear one open."
	case "checkerboard":
		return "A 4 × 4 board: each class fills every other square uniformly, " + half + " points each. Sharp edges are hard for a smooth flow."
	case "gaussians":
		return "Two tilted, overlapping Gaussian blobs, " + half + " points each. The easy case: a nearly linear flow fits each class."
	case app.DatasetUpload:
		return "Your own table: a CSV file with a header line, 2–8 numeric feature columns and a label column: 0 and 1, or two values such as RRLyrae and star (you choose the signal class). Commas, semicolons with decimal commas, tabs and quoted fields are all read."
	}
	return ""
}

// Choose switches to a menu entry. Teaching sets are generated with the
// current seed; "upload" opens the upload panel and goes back to the last
// file loaded, if any.
func (c *View) Choose(key string) {
	s, a := c.side(), c.App
	switch {
	case key == app.DatasetUpload:
		s.open = true
		if f := s.file; f != nil && f.Loaded != nil && a.Data != f.Loaded {
			a.SetData(f.Loaded, f.Name, app.DatasetUpload)
			a.DataStatus("Ready: the data of " + f.Name + " is loaded.")
		}
		return
	case key == app.DatasetBundled:
		if a.Bundled == nil {
			return // still loading; Root selects it when it arrives
		}
		s.open = false
		a.SetData(a.Bundled, "RR Lyrae", app.DatasetBundled)
	case slices.Contains(data.ToyNames, key):
		s.open = false
		if err := a.UseToy(key); err != nil {
			return
		}
	default:
		return
	}
	c.clearOwnError()
	a.DataStatus("Ready: the " + a.DataLabel + " data is loaded.")
}

// clearOwnError removes an upload error this view put in App.Err.
func (c *View) clearOwnError() {
	s := c.side()
	if s.errShown != "" && c.App.Err == s.errShown {
		c.App.Err = ""
	}
	s.errShown = ""
}

// Explorer returns the statistics of the data in use (cached per dataset).
func (c *View) Explorer() *Explorer { return explorerFor(c.App.Data) }

// Summary describes the dataset in use; call it only when App.Data is set.
func (c *View) Summary() app.DatasetSummary { return app.Summarize(c.App.Data) }

// ClassNames names the classes of the data in use (app.ClassNamesOf).
func (c *View) ClassNames() [2]string { return c.App.ClassNames() }

// IsSDSS reports whether the data in use has the RR Lyrae table's colours.
func (c *View) IsSDSS() bool { return c.App.Data != nil && app.IsSDSSColours(c.App.Data.Names) }

// CountsText is the class count line, e.g. "92,658 background / 483 RR Lyrae".
func (c *View) CountsText() string {
	s := c.Summary()
	if c.IsSDSS() {
		return s.CountsText()
	}
	return format.Thousands(s.Background) + " of class 0 / " + format.Thousands(s.RRLyrae) + " of class 1"
}

// DetailText gives the table's size and balance in words.
func (c *View) DetailText() string {
	s := c.Summary()
	if c.IsSDSS() {
		return s.DetailText()
	}
	n := len(s.Features)
	return fmt.Sprintf("%s %s, %d %s.", format.Thousands(s.Rows), format.Plural(s.Rows, "row"), n, format.Plural(n, "feature"))
}

// FeatureAbout says what a feature column measures, or "".
func (c *View) FeatureAbout(name string) string {
	if about, ok := colourAbout[name]; ok {
		return about
	}
	if c.App.Data != nil && c.App.Data.Dim == 2 && (name == "x1" || name == "x2") {
		return map[string]string{"x1": "horizontal position in the plane", "x2": "vertical position in the plane"}[name]
	}
	return ""
}

// colourAbout explains the SDSS colours with the filters' wavelengths
// (the paper's section I: u 355 nm, g 468 nm, r 616 nm, i 748 nm, z 893 nm).
var colourAbout = map[string]string{
	"u_g": "u − g: ultraviolet (355 nm) minus green (468 nm) magnitude",
	"g_r": "g − r: green (468 nm) minus red (616 nm) magnitude",
	"r_i": "r − i: red (616 nm) minus near-infrared (748 nm) magnitude",
	"i_z": "i − z: near-infrared (748 nm) minus infrared (893 nm) magnitude",
}

// featureTitle is a feature's short name for chart titles: "u − g" for u_g.
func featureTitle(name string) string { return format.FeatureTitle(name) }

// KSRow is one row of the Kolmogorov–Smirnov table.
type KSRow struct {
	// Feature is the column name; Title its short form ("u − g").
	Feature, Title string
	// Ours is our statistic to three decimals; Paper the paper's Table I
	// value, "" when the paper has none for this data.
	Ours, Paper string
}

// KSRows is Table I for the data in use, with the paper's values when the
// data is the paper's.
func (c *View) KSRows() []KSRow {
	e := c.Explorer()
	if e == nil {
		return nil
	}
	paper := c.isPaperData()
	rows := make([]KSRow, e.Dim)
	for j, name := range e.Names {
		rows[j] = KSRow{Feature: name, Title: featureTitle(name), Ours: formatStat(e.KS[j], 3)}
		if paper {
			rows[j].Paper = fmt.Sprintf("%.2f", experiment.PaperKS[j])
		}
	}
	return rows
}

// isPaperData reports whether the data in use is the bundled RR Lyrae table
// (or an upload of the same table, found by its checksum).
func (c *View) isPaperData() bool {
	a := c.App
	if a.Data == nil || a.Bundled == nil || len(experiment.PaperKS) != a.Data.Dim {
		return false
	}
	if a.Data == a.Bundled {
		return true
	}
	// The checksum (a SHA-256 of the whole table) only for a table of the
	// same shape: a million-row upload is not hashed on every render.
	if len(a.Data.Y) != len(a.Bundled.Y) || !slices.Equal(a.Data.Names, a.Bundled.Names) {
		return false
	}
	return explorerFor(a.Data).DataChecksum() == explorerFor(a.Bundled).DataChecksum()
}

// ShowPaperKS reports whether the KS table has the paper's column.
func (c *View) ShowPaperKS() bool { return c.isPaperData() }

// formatStat writes v with the given decimals, or "—" when it is undefined.
func formatStat(v float64, decimals int) string {
	if v != v { // NaN
		return "—"
	}
	return fmt.Sprintf("%.*f", decimals, v)
}

// CorrCell is one cell of a correlation table.
type CorrCell struct {
	// Text is the coefficient to two decimals ("—" if undefined); Style
	// colours the cell; Label is its accessible description.
	Text, Style, Label string
}

// CorrRows returns class k's correlation matrix as table rows.
func (c *View) CorrRows(k int) [][]CorrCell {
	e := c.Explorer()
	if e == nil {
		return nil
	}
	rows := make([][]CorrCell, e.Dim)
	for i := range e.Dim {
		rows[i] = make([]CorrCell, e.Dim)
		for j := range e.Dim {
			v := e.Corr[k][i*e.Dim+j]
			rows[i][j] = CorrCell{Text: formatStat(v, 2), Style: corrStyle(v),
				Label: fmt.Sprintf("%s and %s: %s", featureTitle(e.Names[i]), featureTitle(e.Names[j]), formatStat(v, 2))}
		}
	}
	return rows
}

// FeatureTitles are the short names of the features in use.
func (c *View) FeatureTitles() []string {
	e := c.Explorer()
	if e == nil {
		return nil
	}
	t := make([]string, e.Dim)
	for j, n := range e.Names {
		t[j] = featureTitle(n)
	}
	return t
}

// IsPlane reports whether the data in use has two features (a scatter
// of the plane is shown).
func (c *View) IsPlane() bool { return c.App.Data != nil && c.App.Data.Dim == 2 }

// IsToy reports whether the data in use is a generated teaching set.
func (c *View) IsToy() bool { return slices.Contains(data.ToyNames, c.App.State.Dataset) }

// OutsideNote says how many rows the histograms leave out, or "".
func (c *View) OutsideNote() string {
	e := c.Explorer()
	if e == nil {
		return ""
	}
	n := 0
	for _, h := range e.Hists {
		n += h.Outside[0] + h.Outside[1]
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("A few far outliers (%s values in all) lie outside the plotted ranges, which cover the central 99.8%% of each feature.", format.Thousands(n))
}

// HistLabel is the accessible description of the histogram chart.
func (c *View) HistLabel() string {
	names := c.ClassNames()
	return fmt.Sprintf("Histograms of %s for %s (blue) and %s (orange), each normalised to unit area.",
		strings.Join(c.FeatureTitles(), ", "), names[0], names[1])
}

// ScatterLabel is the accessible description of the scatter chart.
func (c *View) ScatterLabel() string {
	names := c.ClassNames()
	return fmt.Sprintf("Scatter plot of the %s data: %s in blue, %s in orange.", c.App.DataLabel, names[0], names[1])
}

// Rendered draws the charts after each render when their data or size
// changed (see draw.go).
func (c *View) Rendered(ctx vugu.RenderedCtx) {
	if c.App == nil || c.App.Data == nil {
		return
	}
	c.drawCharts()
}

// BundledInUse reports whether the bundled RR Lyrae data is in use (or still
// loading), so the view describes the stars rather than another table.
func (c *View) BundledInUse() bool { return c.App.Data == nil || c.App.Data == c.App.Bundled }
