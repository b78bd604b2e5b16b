package inspectview

import (
	"fmt"
	"math"
	"slices"

	"flowlab/flow"
	"flowlab/web/format"
	"flowlab/web/plot"
)

// SplineChart is what the inspector shows of a spline layer: the monotone
// curve each transformed feature goes through, for one conditioning point
// (the clicked star, else the median of the shown points), in the direction
// the inspector is going.
type SplineChart struct {
	Layer   int                // index of the layer in Flow.Layers()
	Curves  []flow.SplineCurve // one per transformed coordinate
	Names   []string           // the feature each transformed coordinate becomes
	Point   []float64          // the conditioning point at the layer's data side (its own coordinates)
	Star    bool               // the point is the clicked star (else the median)
	Reverse bool               // the curves are drawn data side → base side
}

// splineCurveSteps is the number of line segments a curve is drawn with.
const splineCurveSteps = 160

// NewSplineChart returns the chart of spline layer k of f for the point
// x, one row at the layer's data side (level k+1 of a trace), naming each
// coordinate with coordName (the layer's coordinates). It returns nil when
// layer k is not a spline layer.
func NewSplineChart(f *flow.Flow, k int, x []float64, coordName []string, star, reverse bool) *SplineChart {
	layers := f.Layers()
	if k < 0 || k >= len(layers) {
		return nil
	}
	sl, ok := layers[k].(*flow.SplineCoupling)
	if !ok || len(x) < sl.Dim() {
		return nil
	}
	ch := &SplineChart{Layer: k, Curves: sl.Curves(x), Point: slices.Clone(x[:sl.Dim()]), Star: star, Reverse: reverse}
	for _, c := range ch.Curves {
		ch.Names = append(ch.Names, featureName(coordName, c.Feature))
	}
	return ch
}

// Caption says which point the curves are for, in one sentence.
func (s *SplineChart) Caption() string {
	who := "the median of the shown points (click one on the canvas to see its own curves)"
	if s.Star {
		who = "the point you clicked (its untouched features choose the shape)"
	}
	dir := "from the base side (horizontal) to the data side (vertical), the way the points move going forward"
	if s.Reverse {
		dir = "from the data side (horizontal) to the base side (vertical), the way the data moves going back"
	}
	return fmt.Sprintf("Curves for %s, drawn %s; the dashed line is “no change”, the dots are the knots between the pieces, and the mark is the point's own value; below, how far the curve moves each value (out − in), magnified.", who, dir)
}

// SplineExplain is the one-sentence explanation of a spline layer for students.
const SplineExplain = "A spline layer pushes each of its features through a smooth curve that always rises — so points never swap order and every step can be undone exactly — and the other features choose the curve's shape: where the curve is steep the layer stretches space, where it is flat it squeezes it."

// Figure draws one panel per transformed feature — the curve, the identity,
// the knots and a mark at the point's own input value — and below each the
// change out − in on its own scale.
func (s *SplineChart) Figure(width float64) plot.Figure {
	f := plot.Figure{Cols: len(s.Curves), Height: 200}
	if width > 0 && width < 360 {
		f.Cols, f.Height = 1, 170
	}
	var changes []plot.Panel // the second row
	for j, c := range s.Curves {
		b := c.TailBound
		own := s.Point[c.Feature] // the data-side value x_a
		z, _ := c.At(own)
		in := z
		if s.Reverse {
			in = own
		}
		lo, hi := -1.25*b, 1.25*b
		if !math.IsNaN(in) && !math.IsInf(in, 0) {
			lo, hi = math.Min(lo, in-0.1*b), math.Max(hi, in+0.1*b)
		}
		xs := make([]float64, 0, splineCurveSteps+1)
		zs := make([]float64, 0, splineCurveSteps+1)
		for i := range splineCurveSteps + 1 {
			x := lo + (hi-lo)*float64(i)/splineCurveSteps
			v, _ := c.At(x)
			xs, zs = append(xs, x), append(zs, v)
		}
		// The curve maps x (data side) to z (base side); going forward the
		// layer applies its inverse, the same curve with the axes swapped.
		cx, cy, kx, ky := zs, xs, c.Y, c.X
		inLabel, outLabel := "in (base side)", "out (data side)"
		if s.Reverse {
			cx, cy, kx, ky = xs, zs, c.X, c.Y
			inLabel, outLabel = "in (data side)", "out (base side)"
		}
		name := s.Names[j]
		p := plot.Panel{Title: name,
			X: plot.Axis{Label: name + " " + inLabel, Min: lo, Max: hi},
			Y: plot.Axis{Label: outLabel, Min: lo, Max: hi},
			Series: []plot.Series{
				{Name: "no change", Kind: plot.Line, Color: plot.Grey, Width: 1, Dash: []float64{4, 4}, X: []float64{lo, hi}, Y: []float64{lo, hi}},
				{Name: "curve", Kind: plot.Line, Color: plot.Vermillion, Width: 2.2, X: cx, Y: cy},
				{Name: "knots", Kind: plot.Points, Color: plot.Black, Width: 3.5, X: slices.Clone(kx), Y: slices.Clone(ky)},
			},
			Marks: []plot.Mark{{X: in, Label: format.Fixed(in, 2), Color: plot.Blue, Dash: []float64{2, 3}}},
		}
		f.Panels = append(f.Panels, p)
		// Below, the change out − in on its own scale: a trained layer often
		// bends by a few tenths, invisible on the curve's ±B axes.
		diff := make([]float64, len(cx))
		for i := range cx {
			diff[i] = cy[i] - cx[i]
		}
		changes = append(changes, plot.Panel{
			X: plot.Axis{Label: name + " " + inLabel, Min: lo, Max: hi},
			Y: plot.Axis{Label: "out − in"},
			Series: []plot.Series{
				{Name: "no change", Kind: plot.Line, Color: plot.Grey, Width: 1, Dash: []float64{4, 4}, X: []float64{lo, hi}, Y: []float64{0, 0}},
				{Name: "change", Kind: plot.Line, Color: plot.Vermillion, Width: 2, X: cx, Y: diff},
			},
			Marks: []plot.Mark{{X: in, Color: plot.Blue, Dash: []float64{2, 3}}},
		})
	}
	f.Panels = append(f.Panels, changes...)
	return f
}

// Describe says what the chart shows in words, for its aria-label: each
// curve's slope at the point (its stretch factor there).
func (s *SplineChart) Describe() string {
	text := "Spline curves of layer " + fmt.Sprint(s.Layer+1) + ":"
	for j, c := range s.Curves {
		_, slope := c.At(s.Point[c.Feature])
		if !s.Reverse && slope > 0 {
			slope = 1 / slope
		}
		text += fmt.Sprintf(" %s, slope %s at the point;", s.Names[j], format.Brief(slope))
	}
	return text
}

// medianRow is the coordinate-wise median of the n points of a frame
// (n×d float32 values).
func medianRow(frame []float32, n, d int) []float64 {
	out := make([]float64, d)
	col := make([]float64, 0, n)
	for j := range d {
		col = col[:0]
		for i := range n {
			if v := float64(frame[i*d+j]); !math.IsNaN(v) && !math.IsInf(v, 0) {
				col = append(col, v)
			}
		}
		if len(col) == 0 {
			continue
		}
		slices.Sort(col)
		m := len(col) / 2
		out[j] = col[m]
		if len(col)%2 == 0 {
			out[j] = (col[m-1] + col[m]) / 2
		}
	}
	return out
}
