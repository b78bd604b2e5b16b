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
				LevelLogDensity(lp, layers, k, g.Points(), len(lp), 2)
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
	LevelLogDensity(got, f.Layers(), len(f.Layers()), y, n, 4)
	f.LogProb(want, y, n)
	for i := range n {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("row %d: level K log-density %.15g, LogProb %.15g", i, got[i], want[i])
		}
	}
	LevelLogDensity(got, f.Layers(), 0, y, n, 4)
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
