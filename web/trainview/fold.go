package trainview

import (
	"fmt"
	"strings"

	"github.com/vugu/vugu"

	"flowlab/web/app"
	"flowlab/web/dataview"
	"flowlab/web/format"
)

// The Train view's first screen shows the model, the preset and the
// training controls; the settings fold away behind "More settings", which
// unfolds by itself while a setting is unusable so the highlighted field is
// in sight.

// foldMemo remembers the fold across view switches (vugu drops the
// component while another view is shown).
type foldMemo struct{ open bool }

func (c *View) fold() *foldMemo { return app.Memo(c.App, func() *foldMemo { return &foldMemo{} }) }

// MoreOpen reports whether "More settings" is unfolded.
func (c *View) MoreOpen() bool { return c.fold().open || c.HasErrors() }

// ToggleMore folds or unfolds "More settings" on a click of its summary.
// The page keeps the state (the browser's own toggle is prevented), so a
// render never folds what the visitor unfolded.
func (c *View) ToggleMore(e vugu.DOMEvent) {
	e.PreventDefault()
	c.fold().open = !c.MoreOpen()
}

// MoreSettingsText labels the fold: what it holds, and how many settings
// need fixing.
func (c *View) MoreSettingsText() string {
	if n := len(c.form.errs); n > 0 {
		return fmt.Sprintf("More settings (%d to fix)", n)
	}
	return "More settings: layers, learning rate, epochs, seed…"
}

// fixText says which settings hold unusable values, by their labels in the
// form's order.
func (c *View) fixText() string {
	var labels []string
	for _, g := range app.TrainGroups {
		for _, f := range app.TrainFieldsIn(g) {
			if c.form.errs[f.Key] != "" {
				labels = append(labels, "“"+f.LabelFor(c.App)+"”")
			}
		}
	}
	switch len(labels) {
	case 0:
		return "Fix the highlighted setting to train."
	case 1:
		return "Fix the highlighted setting to train: " + labels[0] + "."
	}
	return fmt.Sprintf("Fix the %d highlighted settings to train: %s and %s.", len(labels),
		strings.Join(labels[:len(labels)-1], ", "), labels[len(labels)-1])
}

// GlanceCaption says what the picture beside the training controls shows:
// the data both flows will learn ("" without data to draw).
func (c *View) GlanceCaption() string {
	d := c.App.Data
	if d == nil || d.Dim < 2 {
		return ""
	}
	n0, n1 := d.Counts()
	what := "Both classes"
	if d.Dim > 2 {
		what = fmt.Sprintf("Two of the %d features", d.Dim)
	}
	return fmt.Sprintf("What will train: one flow learns the %s blue points, the other the %s orange ones. %s shown.",
		format.Thousands(n0), format.Thousands(n1), what)
}

// drawGlance draws that picture (dataview.Glance, kept across view switches).
func (c *View) drawGlance() {
	app.Memo(c.App, func() *dataview.Glance { return &dataview.Glance{} }).Draw("train-glance", c.App.Data, c.App.Env)
}
