package inspectview

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/web/internal/webtest"
)

// TestSplineChart checks the chart of every spline layer of a bent 4-D
// spline flow: one panel per transformed feature, a rising curve that is
// the layer's own map (the forward chart plots (g(x), x), the reverse one
// (x, g(x))), knots inside [−B, B], and a mark at the point's own value.
func TestSplineChart(t *testing.T) {
	f := randomFlow(t, flow.ModelSpline, 4, 3, false, 5)
	names := []string{"a", "b", "c", "d"}
	rng := rand.New(rand.NewPCG(3, 4))
	z := make([]float64, 4)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	tr := f.TraceForward(z, 1)
	layers := f.Layers()
	splines := 0
	for k, l := range layers {
		for _, reverse := range []bool{false, true} {
			ch := NewSplineChart(f, k, tr.Frames[k+1], names, false, reverse)
			if l.Info().Kind != "spline" {
				if ch != nil {
					t.Fatalf("layer %d (%s) has a spline chart", k, l.Info().Kind)
				}
				continue
			}
			splines++
			if ch == nil || len(ch.Curves) != 2 {
				t.Fatalf("layer %d: chart %+v, want 2 curves", k, ch)
			}
			fig := ch.Figure(600)
			if len(fig.Panels) != 4 || fig.Cols != 2 {
				t.Fatalf("layer %d: %d panels in %d columns", k, len(fig.Panels), fig.Cols)
			}
			for j, p := range fig.Panels[2:] { // the changes: out − in of the curves above
				curve, change := fig.Panels[j].Series[1], p.Series[1]
				for i := range change.X {
					if change.X[i] != curve.X[i] || math.Abs(change.Y[i]-(curve.Y[i]-curve.X[i])) > 1e-12 {
						t.Fatalf("layer %d feature %d: change %d is not out − in", k, j, i)
					}
				}
			}
			for j, p := range fig.Panels[:2] {
				c := ch.Curves[j]
				curve := p.Series[1]
				for i := 1; i < len(curve.X); i++ {
					if !(curve.X[i] > curve.X[i-1]) || !(curve.Y[i] > curve.Y[i-1]) {
						t.Fatalf("layer %d feature %d: the curve is not rising at %d: (%g, %g) → (%g, %g)", k, j, i, curve.X[i-1], curve.Y[i-1], curve.X[i], curve.Y[i])
					}
				}
				for i := range curve.X {
					x, want := curve.Y[i], curve.X[i]
					if reverse {
						x, want = curve.X[i], curve.Y[i]
					}
					if got, _ := c.At(x); math.Abs(got-want) > 1e-12 {
						t.Fatalf("layer %d feature %d: the curve's point %d is not the layer's map", k, j, i)
					}
				}
				// The layer's transformed value at the point is where the mark is.
				in := tr.Frames[k][c.Feature] // base side of layer k
				if reverse {
					in = tr.Frames[k+1][c.Feature]
				}
				if m := p.Marks[0].X; math.Abs(m-in) > 1e-9 {
					t.Errorf("layer %d feature %d reverse=%v: mark at %g, the point's input is %g", k, j, reverse, m, in)
				}
				knots := p.Series[2]
				b := c.TailBound
				if math.Abs(knots.X[0]+b) > 1e-9 || math.Abs(knots.X[len(knots.X)-1]-b) > 1e-9 {
					t.Errorf("layer %d: knots span %g…%g, want ±%g", k, knots.X[0], knots.X[len(knots.X)-1], b)
				}
			}
			if !strings.Contains(ch.Caption(), "median") || !strings.Contains(ch.Describe(), "slope") {
				t.Errorf("caption %q, description %q", ch.Caption(), ch.Describe())
			}
		}
	}
	if splines != 6 {
		t.Errorf("%d spline charts, want 3 layers × 2 directions", splines)
	}
}

// TestSplineLayerSummary checks the layer list of a spline flow: titles
// numbered like the ledger's and a description naming the bins.
func TestSplineLayerSummary(t *testing.T) {
	f := randomFlow(t, flow.ModelSpline, 2, 2, true, 1)
	ls := SummarizeLayers(f, []string{"x", "y"}, levelSlots(f.Layers()), nil)
	var titles []string
	for _, l := range ls {
		titles = append(titles, l.Title)
		if l.Kind == "spline" && !strings.Contains(l.What, "8 pieces") {
			t.Errorf("spline layer described as %q", l.What)
		}
	}
	if got := strings.Join(titles, ", "); got != "Spline 1, Permutation, Spline 2, Un-standardise" {
		t.Errorf("titles %q", got)
	}
}

// TestMedianRow checks the coordinate-wise median, odd and even counts,
// skipping non-finite values.
func TestMedianRow(t *testing.T) {
	nan := float32(math.NaN())
	got := medianRow([]float32{1, 10, 3, 40, 2, nan, 5, 20}, 4, 2)
	if got[0] != 2.5 || got[1] != 20 {
		t.Errorf("median %v, want [2.5 20]", got)
	}
}

// TestViewSplineChart checks the view's choice of conditioning point: the
// median of the shown points, then the clicked star, and no chart on a
// permutation.
func TestViewSplineChart(t *testing.T) {
	a := webtest.AdoptedApp(t)
	var flows [2]*flow.Flow
	for c := range 2 {
		flows[c] = randomFlow(t, flow.ModelSpline, 2, 2, false, uint64(c+1))
	}
	p := experiment.NewPair("quick", 1, a.Data.Names, a.Data.Checksum(), [2]*flow.Model{flows[0].Model(), flows[1].Model()})
	if err := a.AdoptPair(p, flows, "spline pair"); err != nil {
		t.Fatal(err)
	}
	v := &View{App: a}
	key := v.wantKey()
	in := SceneInput{Class: key.class, Points: 200, Seed: 1, Names: a.Data.Names, Budget: 1e9}
	memoFor(a).addScene(key, BuildInspectScene(v.Flow(), in, nil), a.Shown.Flows)
	a.State.Layer = 1 // after layer 0, a spline
	ch := v.Spline()
	if ch == nil || ch.Star || ch.Layer != 0 {
		t.Fatalf("chart %+v, want the median's chart of layer 0", ch)
	}
	a.State.Layer = 2 // after the permutation
	if v.Spline() != nil {
		t.Error("a permutation has a spline chart")
	}
	a.State.Layer = 3
	v.selectStar(a.Data.Row(0), a.Data.Y[0], "test")
	if ch := v.Spline(); ch == nil || !ch.Star || ch.Layer != 2 || !strings.Contains(ch.Caption(), "clicked") {
		t.Fatalf("chart %+v, want the clicked star's chart of layer 2", ch)
	}
}
