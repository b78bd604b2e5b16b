package trainview

import "flowlab/web/app"

// Settings is the train view's settings form: every TrainField in its
// group, each with a one-line explanation and, when what was typed cannot
// be used, the problem beside it; then the architecture summary.
// settings.vugu is its template; the editing state lives in View.
type Settings struct {
	View *View
}

// FieldClass is the CSS class of field f's block.
func (c *Settings) FieldClass(f app.TrainField) string {
	cls := "setting"
	if f.IsBool() {
		cls += " setting-check"
	}
	if c.View.FieldError(f.Key) != "" {
		cls += " setting-invalid"
	}
	return cls
}

// Invalid is field f's aria-invalid value: "true", or false to leave it out.
func (c *Settings) Invalid(f app.TrainField) any {
	if c.View.FieldError(f.Key) != "" {
		return "true"
	}
	return false
}

// DescribedBy lists the ids that describe field f: its problem, if any,
// then its explanation.
func (c *Settings) DescribedBy(f app.TrainField) string {
	id := "train-" + f.Key
	if c.View.FieldError(f.Key) != "" {
		return id + "-error " + id + "-help"
	}
	return id + "-help"
}
