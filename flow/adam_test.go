package flow

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestAdamSteps checks two steps of Adam against the formula written out by
// hand (Keras form, bias correction folded into the rate).
func TestAdamSteps(t *testing.T) {
	for _, c := range []struct {
		name    string
		g1, g2  float64
		lr, eps float64
		b1, b2  float64
	}{
		{"constant gradient", 0.5, 0.5, 0.1, 1e-7, 0.9, 0.999},
		{"sign change", 1, -2, 0.01, 1e-7, 0.9, 0.999},
		{"zero gradient", 0, 0, 0.1, 1e-7, 0.9, 0.999},
		{"large eps", 3, 1, 0.1, 10, 0.5, 0.75},
	} {
		// The reference, step by step.
		theta, m, v := 1.0, 0.0, 0.0
		for k, g := range []float64{c.g1, c.g2} {
			tk := float64(k + 1)
			m = c.b1*m + (1-c.b1)*g
			v = c.b2*v + (1-c.b2)*g*g
			lrt := c.lr * math.Sqrt(1-math.Pow(c.b2, tk)) / (1 - math.Pow(c.b1, tk))
			theta -= lrt * m / (math.Sqrt(v) + c.eps)
		}
		a := NewAdam(1, c.b1, c.b2, c.eps)
		p := []float64{1}
		a.Step(p, []float64{c.g1}, c.lr)
		a.Step(p, []float64{c.g2}, c.lr)
		if math.Abs(p[0]-theta) > 1e-15 || a.T != 2 || math.Abs(a.M[0]-m) > 1e-15 || math.Abs(a.V[0]-v) > 1e-15 {
			t.Errorf("%s: θ %v m %v v %v t %d, want θ %v m %v v %v", c.name, p[0], a.M[0], a.V[0], a.T, theta, m, v)
		}
		if c.g1 == 0 && c.g2 == 0 && p[0] != 1 {
			t.Errorf("%s: zero gradients moved θ to %v", c.name, p[0])
		}
	}
}

// TestAdamSkipMasked trains a MADE flow with and without skipping its masked
// weights and requires the same bits: masked weights have zero gradients, for
// which Adam's update is zero.
func TestAdamSkipMasked(t *testing.T) {
	cfg := Config{Model: ModelMADE, Dim: 4, Layers: 2, Hidden: 2, Units: 12, Permutation: PermCyclic}
	run := func(skip bool) ([]float64, *Adam) {
		rng := rand.New(rand.NewPCG(3, 4))
		f, err := New(cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, 64*4)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		a := NewAdam(len(f.Params), 0.9, 0.999, 1e-7)
		if skip {
			a = NewAdamFor(f, 0.9, 0.999, 1e-7)
		}
		for range 5 {
			clear(f.Grads)
			f.LossGrad(x, 64, 1.0/64)
			a.Step(f.Params, f.Grads, 1e-2)
		}
		return f.Params, a
	}
	all, a := run(false)
	skipped, b := run(true)
	if !floats.Same(all, skipped) || !floats.Same(a.M, b.M) || !floats.Same(a.V, b.V) {
		t.Error("skipping the masked weights changed the result")
	}
	if len(b.runs) < 4 {
		t.Errorf("a MADE flow gave %d runs of trained parameters", len(b.runs)/2)
	}
	n := 0
	for q := 0; q+1 < len(b.runs); q += 2 {
		n += int(b.runs[q+1] - b.runs[q])
	}
	trained := int(floats.Sum(paramMaskOf(t, cfg)))
	if n != trained {
		t.Errorf("the runs hold %d parameters, the mask trains %d", n, trained)
	}
}

// paramMaskOf returns the parameter mask of a fresh flow for cfg.
func paramMaskOf(t *testing.T, cfg Config) []float64 {
	t.Helper()
	f, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.ParamMask()
}
