package flow_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/layertest"
)

// TestLayers puts every layer type through the shared property check.
func TestLayers(t *testing.T) {
	cases := []struct {
		name string
		make func() flow.Layer
	}{
		{"coupling d=2", func() flow.Layer { return flow.NewCoupling(2, []int{8, 8}) }},
		{"coupling d=4", func() flow.Layer { return flow.NewCoupling(4, []int{16, 16, 16, 16}) }},
		{"coupling d=5 odd", func() flow.Layer { return flow.NewCoupling(5, []int{6}) }},
		{"coupling no hidden", func() flow.Layer { return flow.NewCoupling(4, nil) }},
		{"maf d=1", func() flow.Layer { return flow.NewMAF(1, []int{5}) }},
		{"maf d=2", func() flow.Layer { return flow.NewMAF(2, []int{8, 8}) }},
		{"maf d=4", func() flow.Layer { return flow.NewMAF(4, []int{12, 12}) }},
		{"maf d=7", func() flow.Layer { return flow.NewMAF(7, []int{9}) }},
		{"spline d=2", func() flow.Layer { return flow.NewSplineCoupling(2, []int{8, 8}, 8, 3) }},
		{"spline d=4", func() flow.Layer { return flow.NewSplineCoupling(4, []int{10}, 5, 2) }},
		{"spline d=5 odd K=2", func() flow.Layer { return flow.NewSplineCoupling(5, []int{6}, 2, 2.5) }},
		{"spline no hidden", func() flow.Layer { return flow.NewSplineCoupling(3, nil, 4, 1.5) }},
		{"permute cyclic", func() flow.Layer { return flow.NewPermute(flow.CyclicPerm(4)) }},
		{"permute reverse", func() flow.Layer { return flow.NewPermute(flow.ReversePerm(3)) }},
		{"standardize", func() flow.Layer {
			return flow.NewStandardize([]float64{1, -2, 0.5}, []float64{0.3, 2, 1.7})
		}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			layertest.Check(t, c.make(), rand.New(rand.NewPCG(uint64(i), 7)))
		})
	}
}

// TestMAFAutoregressive perturbs input j and checks that z_i changes only
// for i ≥ j: the Jacobian ∂z/∂x is lower triangular.
func TestMAFAutoregressive(t *testing.T) {
	for _, d := range []int{2, 3, 4, 6} {
		t.Run(fmt.Sprint("d=", d), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(d), 1))
			l := flow.NewMAF(d, []int{10, 10})
			np := l.NumParams()
			l.Bind(make([]float64, np), make([]float64, np))
			l.Init(rng)
			x := make([]float64, d)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			z0 := make([]float64, d)
			l.Inverse(z0, []float64{0}, x, 1)
			for j := range d {
				xp := append([]float64(nil), x...)
				xp[j] += 0.5
				z1 := make([]float64, d)
				l.Inverse(z1, []float64{0}, xp, 1)
				for i := range d {
					changed := z1[i] != z0[i]
					if i < j && changed {
						t.Errorf("z_%d changed when x_%d moved", i, j)
					}
					if i == j && !changed {
						t.Errorf("z_%d did not change when x_%d moved", i, j)
					}
				}
			}
		})
	}
}
