package flow_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/eval"

	"gonum.org/v1/gonum/floats"
)

// TestGMMBaseDensity checks the mixture base against flow/eval's GMM: a
// fresh flow with a mixture base starts with identity layers, so after
// FitBase its density is the EM fit's, and the base it reports is that fit.
func TestGMMBaseDensity(t *testing.T) {
	for _, cfg := range []flow.Config{
		{Model: flow.ModelRealNVP, Dim: 2, Layers: 3, Hidden: 1, Units: 8, Base: flow.BaseGMM},
		{Model: flow.ModelMADE, Dim: 4, Layers: 2, Hidden: 2, Units: 8, Base: flow.BaseGMM, BaseComponents: 4, TrainBase: true},
	} {
		rng := rand.New(rand.NewPCG(5, 5))
		f, err := flow.New(cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		const n = 600
		x := randn(rng, n*cfg.Dim)
		for i := range x {
			if i/cfg.Dim%3 == 0 {
				x[i] = 0.3*x[i] + 4 // a second cluster
			}
		}
		if err := f.FitBase(x, n, rand.New(rand.NewPCG(1, 2))); err != nil {
			t.Fatal(err)
		}
		want, err := eval.FitGMM(x, cfg.Dim, f.Config.BaseComponents, rand.New(rand.NewPCG(1, 2)), eval.GMMSettings{})
		if err != nil {
			t.Fatal(err)
		}
		lpWant, lpGot, lpMix := make([]float64, n), make([]float64, n), make([]float64, n)
		want.LogProb(lpWant, x)
		f.LogProb(lpGot, x, n)
		if d := floats.Distance(lpGot, lpWant, math.Inf(1)); d > 1e-9 {
			t.Errorf("%s: flow log-density differs from the EM fit's by %g", f, d)
		}
		// The base lives in z space: the identity layers' permutations reorder x.
		tr := f.TraceInverse(x, n)
		f.Base().Mixture().LogProb(lpMix, tr.Frames[0])
		if d := floats.Distance(lpMix, tr.BaseLogProb, math.Inf(1)); d > 1e-9 {
			t.Errorf("%s: Mixture() log-density differs from the base's by %g", f, d)
		}
	}
}

// TestGMMBaseZeroIsNormal checks that an unfitted mixture base (all
// parameters zero) is the standard normal.
func TestGMMBaseZeroIsNormal(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 3, Layers: 1, Hidden: 1, Units: 4}
	plain, _ := flow.New(cfg, nil)
	cfg.Base = flow.BaseGMM
	mixed, _ := flow.New(cfg, nil)
	x := randn(rand.New(rand.NewPCG(1, 1)), 30)
	a, b := make([]float64, 10), make([]float64, 10)
	plain.LogProb(a, x, 10)
	mixed.LogProb(b, x, 10)
	if d := floats.Distance(a, b, math.Inf(1)); d > 1e-12 {
		t.Errorf("zero mixture base differs from N(0, I) by %g", d)
	}
}

// TestGMMBaseSample checks that samples from a fitted mixture base have the
// fit's mean.
func TestGMMBaseSample(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 4, Base: flow.BaseGMM, BaseComponents: 2}
	rng := rand.New(rand.NewPCG(2, 2))
	f, _ := flow.New(cfg, rng)
	const n = 4000
	x := randn(rng, n*2)
	for i := range x {
		if i/2%2 == 0 {
			x[i] += 5
		}
	}
	if err := f.FitBase(x, n, rng); err != nil {
		t.Fatal(err)
	}
	s := make([]float64, n*2)
	f.Sample(s, n, rng)
	for j := range 2 {
		mx, ms := 0.0, 0.0
		for i := range n {
			mx += x[i*2+j] / n
			ms += s[i*2+j] / n
		}
		if math.Abs(mx-ms) > 0.15 {
			t.Errorf("feature %d: sample mean %g, data mean %g", j, ms, mx)
		}
	}
}

// TestKeepBestIncludesMixtureStart checks that with a mixture base and
// KeepBest, training never ends with a test loss above the EM mixture's it
// started from, even when every step makes it worse.
func TestKeepBestIncludesMixtureStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const n = 300
	x := moons(n, 0.1, rng)
	f, _ := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 8, Base: flow.BaseGMM, BaseComponents: 4}, rng)
	tr, err := flow.NewTrainer(f, x[:200*2], 200, x[200*2:], 100, flow.TrainSettings{BatchSize: 50, MaxEpochs: 3, LRStart: 0.9, LREnd: 0.9, Tol: -1, KeepBest: true}, rng)
	if err != nil {
		t.Fatal(err)
	}
	start := tr.TestLoss()
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	worst := math.Inf(-1)
	for _, st := range tr.History() {
		worst = max(worst, st.TestLoss)
	}
	if end := tr.TestLoss(); end > start+1e-12 || !(worst > start) {
		t.Errorf("test loss: start %g, epochs up to %g, end %g; want the end ≤ the start", start, worst, end)
	}
}

// TestGMMBaseFewRows fits a 4-component base to rows too few for four full
// covariances: FitBase fits as many components as the rows support (here
// one: 40 rows, 15 parameters a component in 4-D) and the flow's density is
// that fit's, spread over the four slots.
func TestGMMBaseFewRows(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 4, Layers: 2, Hidden: 1, Units: 8, Base: flow.BaseGMM, BaseComponents: 4}
	rng := rand.New(rand.NewPCG(8, 8))
	f, err := flow.New(cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	x := randn(rng, n*cfg.Dim)
	if err := f.FitBase(x, n, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	want, err := eval.FitGMM(x, cfg.Dim, 1, rand.New(rand.NewPCG(1, 2)), eval.GMMSettings{})
	if err != nil {
		t.Fatal(err)
	}
	lpWant, lpGot := make([]float64, n), make([]float64, n)
	want.LogProb(lpWant, x)
	f.LogProb(lpGot, x, n)
	if d := floats.Distance(lpGot, lpWant, math.Inf(1)); d > 1e-9 {
		t.Errorf("the flow's density differs from the one-component fit's by %g", d)
	}
	if w := f.Base().Mixture().Weights; len(w) != 4 || math.Abs(floats.Sum(w)-1) > 1e-12 {
		t.Errorf("mixture weights %v", w)
	}
}
