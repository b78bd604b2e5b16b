package inspectview

import (
	"math"
	"strconv"
	"strings"
)

// Layers is the inspector's side list: every layer of the shown
// flow with its mean log-determinant, the current one highlighted and
// described. inspector-layers.vugu is its template.
type Layers struct {
	Insp *View
}

// RowClass is the extra class of layer k's row (−1: the base row).
func (c *Layers) RowClass(k int) string {
	if c.isCurrent(k) {
		return " is-current"
	}
	return ""
}

// AriaCurrent marks the current row for assistive technology.
func (c *Layers) AriaCurrent(k int) any {
	if c.isCurrent(k) {
		return "step"
	}
	return false
}

func (c *Layers) isCurrent(k int) bool {
	cur := c.Insp.CurrentLayer()
	if k < 0 {
		return cur < 0
	}
	return k == cur
}

// Current is the summary of the layer just crossed, nil at the journey's start.
func (c *Layers) Current() *LayerSummary {
	ls := c.Insp.Layers()
	if k := c.Insp.CurrentLayer(); k >= 0 && k < len(ls) {
		return &ls[k]
	}
	return nil
}

// BaseName names the base in the layer list.
func (c *Layers) BaseName() string {
	if s := c.Insp.Scene(); s != nil && s.MixtureBase {
		return "Base: Gaussian mixture"
	}
	return "Base 𝒩(0, I)"
}

// EndTitle and EndText describe the journey's start, where no layer has
// acted yet.
func (c *Layers) EndTitle() string {
	if c.Insp.App.State.Reverse {
		return "The data"
	}
	return "The base"
}

// EndText explains the level where the journey starts.
func (c *Layers) EndText() string {
	if c.Insp.App.State.Reverse {
		return c.Insp.App.Words("Real {rows} of this class, before any layer is undone. Going back, each layer's inverse is applied in turn until, if the flow fits, they look like a standard normal cloud.")
	}
	if s := c.Insp.Scene(); s != nil && s.MixtureBase {
		return c.Insp.App.Words("Samples of the base: a mixture of a few Gaussians, fitted to the training {rows} before the layers trained, so the flow starts close to the data. Each layer bends this cloud a little; together they shape it like the data.")
	}
	return "Independent standard normal numbers, one per feature: the simple distribution every flow starts from. Each layer bends this cloud a little; together they shape it like the data."
}

// formatSigned prints v with a sign and digits decimals ("+0.123", "−1.500").
func formatSigned(v float64, digits int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', digits, 64)
	if v < 0 && strings.Trim(s, "0.") != "" {
		return "−" + s
	}
	return "+" + s
}

// depClass and depMark show one cell of a MADE layer's dependency table.
func depClass(on bool) string {
	if on {
		return "dep-on"
	}
	return "dep-off"
}

func depMark(on bool) string {
	if on {
		return "●"
	}
	return "·"
}
