package dataview

import (
	"math"

	"flowlab/flow/data"
	"flowlab/web/plot"
)

// histPanelWidth is the narrowest a histogram panel gets, in CSS pixels.
const histPanelWidth = 210

// histRowHeight is the height of one row of histogram panels, in CSS pixels.
const histRowHeight = 200

// histogramCols is how many histogram panels fit side by side in width CSS
// pixels: between 1 and 4, and never more than dim.
func histogramCols(width float64, dim int) int {
	cols := int(width / histPanelWidth)
	return max(1, min(cols, 4, dim))
}

// histogramFigure draws the paper's Fig. 2 for e: one panel per feature,
// each class's density histogram overlaid (class 0 blue, class 1 orange),
// laid out for a canvas width CSS pixels wide. names names the classes in
// the legend.
func histogramFigure(e *Explorer, names [2]string, width float64) plot.Figure {
	cols := histogramCols(width, e.Dim)
	fig := plot.Figure{Cols: cols, Height: histRowHeight}
	for j, h := range e.Hists {
		top := 0.0
		for c := range 2 {
			for _, v := range h.Density[c] {
				top = math.Max(top, v)
			}
		}
		if top == 0 {
			top = 1
		}
		headroom := 1.08
		if j == 0 {
			headroom = 1.45 // room for the legend above the bars
		}
		p := plot.Panel{
			Title: featureTitle(h.Name),
			X:     plot.Axis{Min: h.Edges[0], Max: h.Edges[len(h.Edges)-1]},
			Y:     plot.Axis{Min: 0, Max: top * headroom},
		}
		// Fix the x ticks to the panel's range (the default pads it).
		p.X.Ticks = plot.NiceTicks(p.X.Min, p.X.Max, 4)
		p.Y.Ticks = plot.NiceTicks(0, p.Y.Max, 4)
		if j%cols == 0 {
			p.Y.Label = "density"
		}
		for c := range 2 {
			p.Series = append(p.Series, plot.Series{Name: names[c], Kind: plot.Bars, Color: plot.ClassColor(c), Width: 1.5,
				X: h.Edges, Y: h.Density[c]})
		}
		p.Legend = j == 0
		fig.Panels = append(fig.Panels, p)
	}
	return fig
}

// scatterSize is the side of the square scatter plot for a container width
// CSS pixels wide: the width, at most 440.
func scatterSize(width float64) float64 { return math.Max(160, math.Min(width, 440)) }

// scatterFigure draws every row of the 2-D dataset d as a dot, class 0 in
// blue under class 1 in orange, on axes with equal spans so circles look
// round. It panics if d does not have two features.
func scatterFigure(d *data.Dataset, names [2]string, width float64) plot.Figure {
	if d.Dim != 2 {
		panic("web: scatterFigure needs 2-D data")
	}
	n := d.Len()
	var xs, ys [2][]float64
	for i := range n {
		c := d.Y[i]
		xs[c] = append(xs[c], d.X[2*i])
		ys[c] = append(ys[c], d.X[2*i+1])
	}
	x0, x1 := plot.Range(append(append([]float64{}, xs[0]...), xs[1]...), false)
	y0, y1 := plot.Range(append(append([]float64{}, ys[0]...), ys[1]...), false)
	half := 0.54 * math.Max(x1-x0, y1-y0)
	cx, cy := (x0+x1)/2, (y0+y1)/2
	dot := 2.5
	if n > 5000 {
		dot = 1.5
	}
	p := plot.Panel{
		X:      plot.Axis{Label: "x1", Min: cx - half, Max: cx + half},
		Y:      plot.Axis{Label: "x2", Min: cy - half, Max: cy + half},
		Legend: true,
	}
	if len(d.Names) == 2 {
		p.X.Label, p.Y.Label = featureTitle(d.Names[0]), featureTitle(d.Names[1])
	}
	for c := range 2 {
		p.Series = append(p.Series, plot.Series{Name: names[c], Kind: plot.Points, Color: plot.ClassColor(c), Width: dot, Alpha: 0.7,
			X: xs[c], Y: ys[c]})
	}
	return plot.Figure{Panels: []plot.Panel{p}, Cols: 1, Height: scatterSize(width)}
}
