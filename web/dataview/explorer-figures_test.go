package dataview

import (
	"math"
	"testing"

	"flowlab/web/app"
	"flowlab/web/internal/webtest"
	"flowlab/web/plot"
)

func TestHistogramCols(t *testing.T) {
	tests := []struct {
		width    float64
		dim, out int
	}{
		{335, 4, 1}, // phone
		{640, 4, 3},
		{900, 4, 4},
		{1400, 8, 4},
		{900, 2, 2},
		{0, 4, 1},
	}
	for _, tc := range tests {
		if got := histogramCols(tc.width, tc.dim); got != tc.out {
			t.Errorf("histogramCols(%g, %d) = %d, want %d", tc.width, tc.dim, got, tc.out)
		}
	}
}

func TestHistogramFigure(t *testing.T) {
	e := NewExplorer(webtest.TinyDataset())
	fig := histogramFigure(e, app.ClassNamesOf(webtest.TinyDataset()), 900)
	if len(fig.Panels) != 4 || fig.Cols != 4 || fig.Height != histRowHeight {
		t.Fatalf("%d panels in %d columns, height %g", len(fig.Panels), fig.Cols, fig.Height)
	}
	for j, p := range fig.Panels {
		if p.Title != featureTitle(e.Names[j]) || len(p.Series) != 2 {
			t.Errorf("panel %d: title %q, %d series", j, p.Title, len(p.Series))
		}
		for c, s := range p.Series {
			if s.Color != plot.ClassColor(c) || s.Kind != plot.Bars || len(s.X) != len(s.Y)+1 {
				t.Errorf("panel %d series %d: %s %s, %d edges for %d bins", j, c, s.Kind, s.Color, len(s.X), len(s.Y))
			}
			for _, v := range s.Y {
				if v > p.Y.Max {
					t.Errorf("panel %d: density %g above the axis top %g", j, v, p.Y.Max)
				}
			}
		}
		if (p.Y.Label != "") != (j == 0) || p.Legend != (j == 0) {
			t.Errorf("panel %d: y label %q legend %v; want them on the first panel only", j, p.Y.Label, p.Legend)
		}
	}
	if fig.Panels[0].Title != "u − g" || fig.Panels[0].Series[1].Name != "RR Lyrae" {
		t.Errorf("first panel %q, series %q", fig.Panels[0].Title, fig.Panels[0].Series[1].Name)
	}
	if _, _, err := plot.Encode(fig); err != nil {
		t.Fatal(err)
	}
}

func TestScatterFigure(t *testing.T) {
	d := planeData()
	fig := scatterFigure(d, app.ClassNamesOf(d), 1000)
	if len(fig.Panels) != 1 || fig.Height != 440 {
		t.Fatalf("%d panels, height %g", len(fig.Panels), fig.Height)
	}
	p := fig.Panels[0]
	if len(p.Series[0].X) != 4 || len(p.Series[1].X) != 2 || p.Series[1].Name != "class 1" {
		t.Errorf("series sizes %d, %d; name %q", len(p.Series[0].X), len(p.Series[1].X), p.Series[1].Name)
	}
	// Equal spans, so a circle stays round; every point inside.
	if sx, sy := p.X.Max-p.X.Min, p.Y.Max-p.Y.Min; math.Abs(sx-sy) > 1e-12 {
		t.Errorf("x span %g, y span %g", sx, sy)
	}
	for i := range d.Len() {
		x, y := d.Row(i)[0], d.Row(i)[1]
		if x < p.X.Min || x > p.X.Max || y < p.Y.Min || y > p.Y.Max {
			t.Errorf("point (%g, %g) outside the axes", x, y)
		}
	}
	if got := scatterFigure(d, app.ClassNamesOf(d), 300).Height; got != 300 {
		t.Errorf("height at width 300 = %g", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("scatterFigure of 4-D data did not panic")
		}
	}()
	scatterFigure(webtest.TinyDataset(), app.ClassNamesOf(webtest.TinyDataset()), 500)
}

func TestCorrStyle(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "background-color: rgb(255, 255, 255); color: #1d2327"},
		{1, "background-color: rgb(179, 88, 6); color: #ffffff"},
		{-1, "background-color: rgb(84, 39, 136); color: #ffffff"},
		{0.2, "background-color: rgb(240, 222, 205); color: #1d2327"},
		{math.NaN(), ""},
	}
	for _, tc := range tests {
		if got := corrStyle(tc.v); got != tc.want {
			t.Errorf("corrStyle(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
