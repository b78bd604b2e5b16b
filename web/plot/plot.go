package plot

import (
	"encoding/json"
	"math"
	"strconv"
)

// Okabe–Ito colours (colour-blind safe), used across the page.
const (
	Blue       = "#0072B2" // background stars
	Orange     = "#E69F00" // RR Lyrae
	SkyBlue    = "#56B4E9"
	Green      = "#009E73"
	Yellow     = "#F0E442"
	Vermillion = "#D55E00"
	Purple     = "#CC79A7"
	Grey       = "#666666"
	Black      = "#000000"
)

// ClassColor returns the page's colour for class c (0 background, 1 RR Lyrae).
func ClassColor(c int) string {
	if c == 1 {
		return Orange
	}
	return Blue
}

// Axis is one axis of a panel. Zero Min and Max mean "fit the data".
type Axis struct {
	Label      string    `json:"label,omitempty"`
	Min        float64   `json:"min"`
	Max        float64   `json:"max"`
	Log        bool      `json:"log,omitempty"` // base-10 logarithmic (values ≤ 0 are not drawn)
	Ticks      []float64 `json:"ticks"`
	TickLabels []string  `json:"tickLabels"`
	Hide       bool      `json:"hide,omitempty"` // no ticks or labels (scatter matrix interiors)
}

// Series kinds.
const (
	Line   = "line"   // polyline through the points
	Step   = "step"   // histogram outline: X holds bin edges (len(Y)+1)
	Bars   = "bars"   // filled histogram: X holds bin edges (len(Y)+1)
	Points = "points" // a dot per point
)

// Series is a set of points drawn one way.
type Series struct {
	Name   string    `json:"name,omitempty"`
	Kind   string    `json:"kind"`
	Color  string    `json:"color"`
	Width  float64   `json:"width,omitempty"` // line width or dot size in CSS pixels
	Alpha  float64   `json:"alpha,omitempty"` // 0 means 1
	Dash   []float64 `json:"dash,omitempty"`
	X, Y   []float64 `json:"-"`
	Colors []float64 `json:"-"` // optional per-point colour value in [0,1] for Points (mapped with Panel.ColorMap)
	xi, yi int
	ci     int
}

// Mark is a vertical line across a panel, e.g. a cut.
type Mark struct {
	X     float64   `json:"x"`
	Label string    `json:"label,omitempty"`
	Color string    `json:"color"`
	Dash  []float64 `json:"dash,omitempty"`
}

// Heatmap is a grid of values drawn under the series: NX×NY cells covering
// [X0,X1]×[Y0,Y1], row-major from the bottom row up.
type Heatmap struct {
	NX, NY         int
	X0, X1, Y0, Y1 float64
	Values         []float64
	Min, Max       float64 // colour range; zero means the values' range
}

// Panel is one chart.
type Panel struct {
	Title    string   `json:"title,omitempty"`
	X, Y     Axis     `json:"-"`
	Series   []Series `json:"-"`
	Marks    []Mark   `json:"marks,omitempty"`
	Heatmap  *Heatmap `json:"-"`
	ColorMap string   `json:"colorMap,omitempty"` // "cyclic" or "viridis" for per-point colours
	Legend   bool     `json:"legend,omitempty"`
}

// Figure is a grid of panels on one canvas.
type Figure struct {
	Panels []Panel
	Cols   int     // panels per row; 0 means all in one row
	Height float64 // CSS pixels per panel row; 0 means the canvas's own height
}

// wire is the JSON sent to plot.js with the payload arrays beside it.
type wire struct {
	Cols   int         `json:"cols"`
	Height float64     `json:"height"`
	Panels []wirePanel `json:"panels"`
}

type wirePanel struct {
	Panel
	XAxis   Axis         `json:"x"`
	YAxis   Axis         `json:"y"`
	Series  []wireSeries `json:"series"`
	Heatmap *wireHeatmap `json:"heatmap,omitempty"`
}

type wireSeries struct {
	Series
	XI int `json:"xi"`
	YI int `json:"yi"`
	CI int `json:"ci"` // -1 when there are no per-point colours
}

type wireHeatmap struct {
	NX, NY         int
	X0, X1, Y0, Y1 float64
	VI             int
	Min, Max       float64
}

// MarshalJSON implements json.Marshaler for wireHeatmap with lower-case keys.
func (h wireHeatmap) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"nx": h.NX, "ny": h.NY, "x0": h.X0, "x1": h.X1, "y0": h.Y0, "y1": h.Y1,
		"vi": h.VI, "min": h.Min, "max": h.Max})
}

// Encode returns the JSON spec of f and the number arrays it refers to, with
// every axis range and tick resolved. Non-finite values in the arrays are
// left for the drawing code to skip.
func Encode(f Figure) ([]byte, [][]float64, error) {
	var arrays [][]float64
	add := func(a []float64) int {
		arrays = append(arrays, a)
		return len(arrays) - 1
	}
	w := wire{Cols: f.Cols, Height: f.Height}
	if w.Cols <= 0 {
		w.Cols = len(f.Panels)
	}
	for _, p := range f.Panels {
		wp := wirePanel{Panel: p}
		xs, ys := []float64{}, []float64{}
		for _, s := range p.Series {
			ws := wireSeries{Series: s, XI: add(s.X), YI: add(s.Y), CI: -1}
			if s.Colors != nil {
				ws.CI = add(s.Colors)
			}
			wp.Series = append(wp.Series, ws)
			xs = append(xs, s.X...)
			ys = append(ys, s.Y...)
		}
		if h := p.Heatmap; h != nil {
			lo, hi := h.Min, h.Max
			if lo == 0 && hi == 0 {
				lo, hi = Range(h.Values, false)
			}
			wp.Heatmap = &wireHeatmap{NX: h.NX, NY: h.NY, X0: h.X0, X1: h.X1, Y0: h.Y0, Y1: h.Y1, VI: add(h.Values), Min: lo, Max: hi}
			xs = append(xs, h.X0, h.X1)
			ys = append(ys, h.Y0, h.Y1)
		}
		for _, m := range p.Marks {
			xs = append(xs, m.X)
		}
		wp.XAxis = resolve(p.X, xs)
		wp.YAxis = resolve(p.Y, ys)
		w.Panels = append(w.Panels, wp)
	}
	b, err := json.Marshal(w)
	return b, arrays, err
}

// resolve fills an axis's range (from data when unset) and its ticks.
func resolve(a Axis, data []float64) Axis {
	if a.Min == 0 && a.Max == 0 {
		a.Min, a.Max = Range(data, a.Log)
		if !a.Log {
			pad := 0.04 * (a.Max - a.Min)
			a.Min, a.Max = a.Min-pad, a.Max+pad
		}
	}
	if a.Log {
		a.Min = math.Max(a.Min, 1e-300)
		if a.Max <= a.Min {
			a.Max = a.Min * 10
		}
	}
	if a.Ticks == nil {
		if a.Log {
			a.Ticks = LogTicks(a.Min, a.Max)
		} else {
			a.Ticks = NiceTicks(a.Min, a.Max, 5)
		}
	}
	if a.TickLabels == nil {
		a.TickLabels = make([]string, len(a.Ticks))
		for i, t := range a.Ticks {
			a.TickLabels[i] = FormatTick(t)
		}
	}
	return a
}

// Range returns the finite min and max of v (positive values only when
// positive is set), or [0, 1] when there are none; equal ends are widened.
func Range(v []float64, positive bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) || (positive && x <= 0) {
			continue
		}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	if lo > hi {
		if positive {
			return 1, 10
		}
		return 0, 1
	}
	if lo == hi {
		if positive {
			return lo / 2, hi * 2
		}
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		return lo - d, hi + d
	}
	return lo, hi
}

// NiceTicks returns round tick values (1, 2 or 5 × 10^k apart) inside
// [lo, hi], choosing the spacing whose tick count is closest to n+1.
func NiceTicks(lo, hi float64, n int) []float64 {
	if !(hi > lo) || n < 1 || math.IsInf(hi-lo, 0) {
		return []float64{lo}
	}
	mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/float64(n))))
	var best []float64
	for _, m := range []float64{1, 2, 5, 10} {
		step := m * mag
		// Count the ticks, not the multiples: past 2^53, k+1 == k, and a
		// range narrow for its size (1e17 to 1e17+100) never ended.
		first, last := math.Ceil(lo/step), math.Floor(hi/step+1e-9)
		if !(last-first < maxTicks) {
			continue
		}
		var ticks []float64
		for i := 0.0; i <= last-first; i++ {
			// Round to 12 significant digits so 0.1·3 is 0.3, and drop −0.
			t, _ := strconv.ParseFloat(strconv.FormatFloat((first+i)*step, 'g', 12, 64), 64)
			if len(ticks) > 0 && t <= ticks[len(ticks)-1] {
				continue
			}
			ticks = append(ticks, t+0)
		}
		if len(ticks) > 0 && (best == nil || abs(len(ticks)-(n+1)) < abs(len(best)-(n+1))) {
			best = ticks
		}
	}
	if best == nil {
		return []float64{lo}
	}
	return best
}

// maxTicks bounds the ticks of one axis.
const maxTicks = 1000

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// LogTicks returns the powers of ten inside [lo, hi] (at most about 8 of
// them, thinned evenly, always including the largest).
func LogTicks(lo, hi float64) []float64 {
	a, b := PowersOfTen(lo, hi)
	every := math.Max(1, math.Ceil((b-a+1)/8))
	var ticks []float64
	for e := b - math.Floor((b-a)/every)*every; e <= b; e += every {
		ticks = append(ticks, math.Pow(10, e))
	}
	if len(ticks) == 0 {
		ticks = []float64{lo}
	}
	return ticks
}

// PowersOfTen is the smallest and largest exponents e with 10^e inside
// [lo, hi], clamped to the exponents a float64 has (a > b when there are
// none, as for lo ≤ 0 or NaN).
func PowersOfTen(lo, hi float64) (a, b float64) {
	a = math.Max(math.Ceil(math.Log10(lo)-1e-9), -324)
	b = math.Min(math.Floor(math.Log10(hi)+1e-9), 308)
	if math.IsNaN(a) || math.IsNaN(b) {
		return 1, 0
	}
	return a, b
}

// FormatTick writes a tick value compactly: 0.25, 1, 1e-4, 12k.
func FormatTick(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1e4 && a < 1e6 && math.Mod(v, 1000) == 0:
		return strconv.FormatFloat(v/1000, 'f', -1, 64) + "k"
	case a >= 1e-3 && a < 1e6:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}
