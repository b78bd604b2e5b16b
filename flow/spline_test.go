package flow_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// TestSplineCurves checks that the curves a spline layer reports are the
// map it applies: for each row, Curves(row)[j].At(x_j) is Inverse's z_j and
// exp of the summed log slopes is its log-determinant; the curves rise and
// pass through (−B, −B) and (B, B) with slope 1.
func TestSplineCurves(t *testing.T) {
	for _, c := range []struct {
		dim, bins int
		bound     float64
	}{{2, 8, 3}, {4, 3, 1}, {5, 12, 2}} {
		rng := rand.New(rand.NewPCG(uint64(c.dim), 9))
		l := flow.NewSplineCoupling(c.dim, []int{7}, c.bins, c.bound)
		np := l.NumParams()
		params := make([]float64, np)
		l.Bind(params, make([]float64, np))
		l.Init(rng)
		const n = 7
		x := randn(rng, n*c.dim)
		z, ld := make([]float64, n*c.dim), make([]float64, n)
		l.Inverse(z, ld, x, n)
		for i := range n {
			row := x[i*c.dim : (i+1)*c.dim]
			curves := l.Curves(row)
			if len(curves) != c.dim/2 {
				t.Fatalf("%d curves for %d features", len(curves), c.dim)
			}
			sumLog := 0.0
			for j, cv := range curves {
				if cv.Feature != j || len(cv.X) != c.bins+1 || len(cv.Y) != c.bins+1 || len(cv.D) != c.bins+1 {
					t.Fatalf("curve %d: feature %d with %d/%d/%d knots", j, cv.Feature, len(cv.X), len(cv.Y), len(cv.D))
				}
				v, slope := cv.At(row[j])
				if math.Abs(v-z[i*c.dim+j]) > 1e-12 {
					t.Errorf("row %d feature %d: curve gives %g, Inverse %g", i, j, v, z[i*c.dim+j])
				}
				sumLog += math.Log(slope)
				if cv.X[0] != -c.bound || cv.Y[c.bins] != c.bound || cv.D[0] != 1 || cv.D[c.bins] != 1 {
					t.Errorf("curve %d does not join the identity tails: %v %v %v", j, cv.X, cv.Y, cv.D)
				}
				for k := 1; k <= c.bins; k++ {
					if !(cv.X[k] > cv.X[k-1] && cv.Y[k] > cv.Y[k-1] && cv.D[k] > 0) {
						t.Errorf("curve %d is not increasing at knot %d", j, k)
					}
				}
				prev := math.Inf(-1)
				for g := -1.2 * c.bound; g <= 1.2*c.bound; g += c.bound / 50 {
					v, _ := cv.At(g)
					if v <= prev {
						t.Errorf("curve %d is not increasing at %g", j, g)
					}
					prev = v
				}
			}
			if math.Abs(sumLog-ld[i]) > 1e-10 {
				t.Errorf("row %d: log slopes sum to %g, log-det %g", i, sumLog, ld[i])
			}
		}
	}
}

// TestSplineStartsAsIdentity checks that a spline flow with a mixture base
// starts with identity layers.
func TestSplineStartsAsIdentity(t *testing.T) {
	f, err := flow.New(flow.Config{Model: flow.ModelSpline, Dim: 3, Layers: 2, Hidden: 1, Units: 8, Permutation: flow.PermNone, Base: flow.BaseGMM}, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	x := randn(rand.New(rand.NewPCG(2, 2)), 30)
	tr := f.TraceInverse(x, 10)
	for i, v := range tr.Frames[0] {
		if math.Abs(v-x[i]) > 1e-12 {
			t.Fatalf("value %d: %g → %g", i, x[i], v)
		}
	}
	if f.Config.Bins != flow.SplineDefaultBins || f.Config.TailBound != flow.SplineDefaultTailBound || f.Config.BaseComponents != 3 {
		t.Errorf("defaults not filled in: %+v", f.Config)
	}
}

// TestConfigValidateFamilies checks the family-specific validation.
func TestConfigValidateFamilies(t *testing.T) {
	for _, c := range []struct {
		cfg flow.Config
		ok  bool
	}{
		{flow.Config{Model: flow.ModelSpline, Dim: 4, Layers: 2, Hidden: 1, Units: 4}, true},
		{flow.Config{Model: flow.ModelSpline, Dim: 1, Layers: 2, Hidden: 1, Units: 4}, false},
		{flow.Config{Model: flow.ModelSpline, Dim: 4, Layers: 2, Hidden: 1, Units: 4, Bins: 1}, false},
		{flow.Config{Model: flow.ModelSpline, Dim: 4, Layers: 2, Hidden: 1, Units: 4, TailBound: -1}, false},
		{flow.Config{Model: flow.ModelRealNVP, Dim: 4, Layers: 2, Hidden: 1, Units: 4, Bins: 8}, false},
		{flow.Config{Model: flow.ModelMADE, Dim: 1, Layers: 2, Hidden: 1, Units: 4, Base: flow.BaseGMM, BaseComponents: 16}, true},
		{flow.Config{Model: flow.ModelMADE, Dim: 1, Layers: 2, Hidden: 1, Units: 4, Base: flow.BaseGMM, BaseComponents: 17}, false},
		{flow.Config{Model: flow.ModelMADE, Dim: 1, Layers: 2, Hidden: 1, Units: 4, BaseComponents: 2}, false},
		{flow.Config{Model: flow.ModelMADE, Dim: 1, Layers: 2, Hidden: 1, Units: 4, Base: "student"}, false},
		{flow.Config{Model: "glow", Dim: 4, Layers: 2, Hidden: 1, Units: 4}, false},
	} {
		if err := c.cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: Validate() = %v, want ok=%v", c.cfg, err, c.ok)
		}
	}
	if got := flow.FamilyNames(); len(got) != 3 || got[0] != flow.ModelRealNVP || got[1] != flow.ModelMADE || got[2] != flow.ModelSpline {
		t.Errorf("FamilyNames() = %v", got)
	}
}
