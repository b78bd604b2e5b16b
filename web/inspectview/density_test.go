package inspectview

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// TestLevelLogDensityIntegratesToOne checks the partial inverse against the
// defining property of a density: at every level of a 2-D flow, exp(ln p_k)
// summed over a fine grid that holds the level's samples integrates to 1.
// Tolerance 5e-3: the midpoint rule's error on a 400×400 grid plus the mass
// outside the box (the box is three times the samples' 99% range).
func TestLevelLogDensityIntegratesToOne(t *testing.T) {
	for _, tc := range []struct {
		name  string
		model string
		std   bool
	}{
		{"realnvp+standardize", flow.ModelRealNVP, true},
		{"made", flow.ModelMADE, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := randomFlow(t, tc.model, 2, 3, tc.std, 11)
			layers := f.Layers()
			z := make([]float64, 2*4000)
			rng := rand.New(rand.NewPCG(3, 3))
			for i := range z {
				z[i] = rng.NormFloat64()
			}
			tr := f.TraceForward(z, 4000)
			for k := range len(layers) + 1 {
				var box [2][2]float64
				for j := range 2 {
					col := make([]float64, 4000)
					for i := range col {
						col[i] = tr.Frames[k][2*i+j]
					}
					r := displayRange(col)
					w := r[1] - r[0]
					box[j] = [2]float64{r[0] - w, r[1] + w}
				}
				g := DensityGrid{X0: box[0][0], X1: box[0][1], Y0: box[1][0], Y1: box[1][1], NX: 400, NY: 400}
				lp := make([]float64, g.NX*g.NY)
				LevelLogDensity(lp, sceneBase{}, layers, k, g.Points(), len(lp), 2)
				sum := 0.0
				for _, v := range lp {
					sum += math.Exp(v)
				}
				if mass := sum * g.CellArea(); math.Abs(mass-1) > 5e-3 {
					t.Errorf("level %d of %d: density integrates to %.5f, want 1 ± 5e-3", k, len(layers), mass)
				}
			}
		})
	}
}

// TestLevelLogDensityEnds checks the two ends of the partial inverse: level
// 0 is the standard normal, and the last level is the flow's own LogProb.
func TestLevelLogDensityEnds(t *testing.T) {
	f := randomFlow(t, flow.ModelRealNVP, 4, 3, true, 5)
	rng := rand.New(rand.NewPCG(9, 9))
	n := 50
	y := make([]float64, 4*n)
	for i := range y {
		y[i] = 2 * rng.NormFloat64()
	}
	got := make([]float64, n)
	want := make([]float64, n)
	LevelLogDensity(got, sceneBase{}, f.Layers(), len(f.Layers()), y, n, 4)
	f.LogProb(want, y, n)
	for i := range n {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("row %d: level K log-density %.15g, LogProb %.15g", i, got[i], want[i])
		}
	}
	LevelLogDensity(got, sceneBase{}, f.Layers(), 0, y, n, 4)
	for i := range n {
		r := y[4*i : 4*i+4]
		ss := 0.0
		for _, v := range r {
			ss += v * v
		}
		if w := -0.5*ss - 2*math.Log(2*math.Pi); math.Abs(got[i]-w) > 1e-12 {
			t.Fatalf("row %d: level 0 log-density %.15g, standard normal %.15g", i, got[i], w)
		}
	}
}

// TestMixtureBaseScene checks a flow with a Gaussian-mixture base (the
// quick preset's): the last level's density is the flow's own LogProb, and
// the forward scene starts from the mixture's samples (their mean and
// spread are the mixture's, not the standard normal's).
func TestMixtureBaseScene(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	f, err := flow.New(flow.Config{Model: flow.ModelSpline, Dim: 2, Layers: 2, Hidden: 1, Units: 8, Base: flow.BaseGMM, BaseComponents: 2}, rng)
	if err != nil {
		t.Fatal(err)
	}
	n := 4000
	x := make([]float64, 2*n)
	for i := range n {
		c := float64(i % 2)
		x[2*i], x[2*i+1] = 5+6*c+0.5*rng.NormFloat64(), -3+0.3*rng.NormFloat64()
	}
	if err := f.FitBase(x, n, rng); err != nil {
		t.Fatal(err)
	}
	base := baseOf(f)
	if !base.Mixture() {
		t.Fatal("the mixture base is not seen")
	}
	got, want := make([]float64, 50), make([]float64, 50)
	LevelLogDensity(got, base, f.Layers(), len(f.Layers()), x[:100], 50, 2)
	f.LogProb(want, x[:100], 50)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("row %d: level K log-density %.15g, LogProb %.15g", i, got[i], want[i])
		}
	}
	s := BuildInspectScene(f, SceneInput{Points: 3000, Seed: 2, Budget: 1e9}, nil)
	var mean [2]float64 // per data feature, read at the coordinate that becomes it
	for i := range s.N {
		for feat := range 2 {
			mean[feat] += float64(s.Frames[i*2+s.Slots[0][feat]]) / float64(s.N)
		}
	}
	// The identity-started layers leave the base where EM put it: the data's
	// mean (8, −3), far from the standard normal's (0, 0).
	if !s.MixtureBase || math.Abs(mean[0]-8) > 0.3 || math.Abs(mean[1]+3) > 0.2 {
		t.Errorf("base samples' mean %v, want about (8, −3); mixture %v", mean, s.MixtureBase)
	}
}
