package flow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"flowlab/flow"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
)

func randn(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// smallConfigs are architectures small enough for finite differences.
var smallConfigs = []flow.Config{
	{Model: flow.ModelRealNVP, Dim: 4, Layers: 3, Hidden: 2, Units: 6},
	{Model: flow.ModelRealNVP, Dim: 3, Layers: 2, Hidden: 1, Units: 5, Permutation: flow.PermReverse},
	{Model: flow.ModelMADE, Dim: 4, Layers: 3, Hidden: 2, Units: 7},
	{Model: flow.ModelMADE, Dim: 2, Layers: 2, Hidden: 1, Units: 4},
	{Model: flow.ModelRealNVP, Dim: 3, Layers: 2, Hidden: 1, Units: 5, Base: flow.BaseGMM, BaseComponents: 2, TrainBase: true},
	{Model: flow.ModelMADE, Dim: 4, Layers: 2, Hidden: 1, Units: 6, Base: flow.BaseGMM, TrainBase: true},
	{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 4, Base: flow.BaseGMM, BaseComponents: 2},
	{Model: flow.ModelSpline, Dim: 4, Layers: 3, Hidden: 1, Units: 6, Bins: 5, TailBound: 2},
	{Model: flow.ModelSpline, Dim: 2, Layers: 2, Hidden: 2, Units: 5, Base: flow.BaseGMM, TrainBase: true},
}

// perturb moves every trained parameter a little, so biases are not all
// zero, while MADE's masked weights stay zero.
func perturb(f *flow.Flow, rng *rand.Rand) {
	for i, m := range f.ParamMask() {
		f.Params[i] += 0.05 * rng.NormFloat64() * m
	}
}

// TestFlowGradient checks LossGrad against central finite differences of the
// summed NLL, for every parameter that is not held at zero by a mask.
func TestFlowGradient(t *testing.T) {
	for ci, cfg := range smallConfigs {
		rng := rand.New(rand.NewPCG(uint64(ci), 3))
		f, err := flow.New(cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		perturb(f, rng)
		f.SetStandardization(flow.NewStandardize(randn(rng, cfg.Dim), []float64{0.5, 2, 1.5, 0.8}[:cfg.Dim]))
		const n = 6
		x := randn(rng, n*cfg.Dim)
		clear(f.Grads)
		nll := f.LossGrad(x, n, 1)
		lp := make([]float64, n)
		f.LogProb(lp, x, n)
		if d := math.Abs(nll + floats.Sum(lp)); d > 1e-10 {
			t.Errorf("%v: LossGrad NLL %g, −ΣLogProb %g", cfg, nll, -floats.Sum(lp))
		}
		analytic := append([]float64(nil), f.Grads...)
		num := fd.Gradient(nil, func(p []float64) float64 {
			saved := append([]float64(nil), f.Params...)
			copy(f.Params, p)
			defer copy(f.Params, saved)
			f.LogProb(lp, x, n)
			return -floats.Sum(lp)
		}, append([]float64(nil), f.Params...), &fd.Settings{Formula: fd.Central})
		for i, m := range f.ParamMask() {
			num[i] *= m // a masked MADE weight's gradient is zeroed by design
		}
		rel := floats.Distance(analytic, num, math.Inf(1)) / math.Max(1, floats.Norm(num, math.Inf(1)))
		if rel > 1e-6 {
			t.Errorf("%v: gradient relative error %g", cfg, rel)
		}
	}
}

// TestFlowInvertible checks x = f(z) ⇒ f⁻¹(x) = z to 1e-10, and that the
// traces in both directions agree with LogProb.
func TestFlowInvertible(t *testing.T) {
	for ci, cfg := range append(smallConfigs, flow.PaperRealNVP(4), flow.PaperMADE(4)) {
		rng := rand.New(rand.NewPCG(uint64(ci), 4))
		f, _ := flow.New(cfg, rng)
		perturb(f, rng)
		f.SetStandardization(flow.NewStandardize(randn(rng, cfg.Dim), make4(cfg.Dim, 0.7)))
		const n = 9
		z := randn(rng, n*cfg.Dim)
		x := make([]float64, n*cfg.Dim)
		f.ForwardFrom(x, z, n)
		tr := f.TraceInverse(x, n)
		if d := floats.Distance(tr.Frames[0], z, math.Inf(1)); d > 1e-10 {
			t.Errorf("%s: |f⁻¹(f(z)) − z|∞ = %g", f, d)
		}
		fw := f.TraceForward(z, n)
		lp := make([]float64, n)
		f.LogProb(lp, x, n)
		for i := range n {
			if math.Abs(fw.LogProb[i]-lp[i]) > 1e-9 || math.Abs(tr.LogProb[i]-lp[i]) > 1e-9 {
				t.Errorf("%s: row %d: ln p from forward trace %g, inverse trace %g, LogProb %g", f, i, fw.LogProb[i], tr.LogProb[i], lp[i])
			}
			for k := range fw.LogDet {
				if math.Abs(fw.LogDet[k][i]-tr.LogDet[k][i]) > 1e-9 {
					t.Errorf("%s: layer %d row %d: log-dets differ by direction: %g vs %g", f, k, i, fw.LogDet[k][i], tr.LogDet[k][i])
				}
			}
		}
	}
}

func make4(d int, v float64) []float64 {
	s := make([]float64, d)
	for i := range s {
		s[i] = v + 0.1*float64(i)
	}
	return s
}

// moons returns n points of scikit-learn-style two moons with Gaussian noise.
func moons(n int, noise float64, rng *rand.Rand) []float64 {
	x := make([]float64, 0, 2*n)
	for i := range n {
		a := math.Pi * rng.Float64()
		px, py := math.Cos(a), math.Sin(a)
		if i%2 == 1 {
			px, py = 1-px, 0.5-py
		}
		x = append(x, px+noise*rng.NormFloat64(), py+noise*rng.NormFloat64())
	}
	return x
}

// gaussianNLL is the mean NLL of the maximum-likelihood Gaussian fitted to
// n rows of 2-D data (the baseline a flow must beat).
func gaussianNLL(x []float64, n int) float64 {
	var mx, my float64
	for i := range n {
		mx += x[2*i]
		my += x[2*i+1]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, syy, sxy float64
	for i := range n {
		dx, dy := x[2*i]-mx, x[2*i+1]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	det := (sxx*syy - sxy*sxy) / float64(n*n)
	return math.Log(2*math.Pi) + 0.5*math.Log(det) + 1 // mean of ½(x−μ)ᵀΣ⁻¹(x−μ) is d/2 = 1
}

// TestLearnsMoons trains both flow kinds on two moons and requires a test NLL
// clearly below the best single Gaussian's.
func TestLearnsMoons(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	train, test := moons(2000, 0.05, rng), moons(1000, 0.05, rng)
	base := gaussianNLL(test, 1000)
	for _, cfg := range []flow.Config{
		{Model: flow.ModelRealNVP, Dim: 2, Layers: 6, Hidden: 2, Units: 32},
		{Model: flow.ModelMADE, Dim: 2, Layers: 6, Hidden: 2, Units: 32},
	} {
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		tr, err := flow.NewTrainer(f, train, 2000, test, 1000, flow.TrainSettings{
			BatchSize: 100, MaxEpochs: 40, LRStart: 5e-3, LREnd: 5e-4, Standardize: true, Tol: -1,
		}, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Run(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		got := tr.TestLoss()
		t.Logf("%s: test NLL %.3f, single Gaussian %.3f", cfg.Model, got, base)
		if got > base-0.5 {
			t.Errorf("%s: test NLL %.3f is not clearly below the Gaussian's %.3f", cfg.Model, got, base)
		}
	}
}

// TestTrainDeterministic trains twice with the same seeds and requires
// bit-identical parameters and losses.
func TestTrainDeterministic(t *testing.T) {
	run := func() ([]float64, []flow.EpochStats) {
		rng := rand.New(rand.NewPCG(9, 9))
		x := moons(600, 0.1, rng)
		f, _ := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 3, Hidden: 2, Units: 8}, rand.New(rand.NewPCG(1, 2)))
		tr, err := flow.NewTrainer(f, x, 300, x[600:], 300, flow.TrainSettings{BatchSize: 64, MaxEpochs: 3, Standardize: true}, rand.New(rand.NewPCG(3, 4)))
		if err != nil {
			t.Fatal(err)
		}
		tr.Run(context.Background(), nil)
		return f.Params, tr.History()
	}
	p1, h1 := run()
	p2, h2 := run()
	if !floats.Same(p1, p2) {
		t.Error("same seeds gave different parameters")
	}
	for i := range h1 {
		if h1[i].TestLoss != h2[i].TestLoss || h1[i].TrainLoss != h2[i].TrainLoss {
			t.Errorf("epoch %d: losses differ: %v vs %v", i+1, h1[i], h2[i])
		}
	}
}

// TestNonFiniteGuard feeds a batch that makes the loss infinite and checks
// that the parameters never see it and training ends with a NonFiniteError.
// With parameter averaging on, the same holds for the flow handed over.
func TestNonFiniteGuard(t *testing.T) {
	for _, average := range []float64{0, 1} {
		cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 4}
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		before := append([]float64(nil), f.Params...)
		x := []float64{1, 2, math.Inf(1), 0, 3, 4}
		s := flow.TrainSettings{BatchSize: 3, MaxEpochs: 50, MaxRollback: 3, Average: average}
		tr, err := flow.NewTrainer(f, x, 3, x, 3, s, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		err = tr.Run(context.Background(), nil)
		var nf *flow.NonFiniteError
		if !errorsAs(err, &nf) {
			t.Fatalf("average %v: err = %v, want a *NonFiniteError", average, err)
		}
		if tr.Reason() != flow.ReasonNonFinite || tr.Rollbacks() != 4 {
			t.Errorf("average %v: reason %q after %d rollbacks", average, tr.Reason(), tr.Rollbacks())
		}
		if !floats.Same(before, f.Params) {
			t.Errorf("average %v: parameters changed although every step was non-finite", average)
		}
	}
}

// TestModelRoundTrip saves and loads a trained flow and requires identical
// log-probabilities.
func TestModelRoundTrip(t *testing.T) {
	for ci, cfg := range smallConfigs {
		rng := rand.New(rand.NewPCG(uint64(ci), 8))
		f, _ := flow.New(cfg, rng)
		perturb(f, rng)
		f.SetStandardization(flow.NewStandardize(randn(rng, cfg.Dim), make4(cfg.Dim, 1.3)))
		var buf bytes.Buffer
		m := f.Model()
		m.Features = []string{"a", "b", "c", "d"}[:cfg.Dim]
		if err := flow.WriteModel(&buf, m); err != nil {
			t.Fatal(err)
		}
		_, g, err := flow.ReadModel(&buf)
		if err != nil {
			t.Fatal(err)
		}
		x := randn(rng, 20*cfg.Dim)
		a, b := make([]float64, 20), make([]float64, 20)
		f.LogProb(a, x, 20)
		g.LogProb(b, x, 20)
		if !floats.Same(a, b) {
			t.Errorf("%v: log-probs differ after a JSON round trip", cfg)
		}
	}
}

// TestReadModelErrors checks that broken model files are refused with ErrModel.
func TestReadModelErrors(t *testing.T) {
	for _, s := range []string{
		``, `{`, `{"format":"other"}`,
		`{"format":"flowlab-model/1","config":{"model":"x","dim":2,"layers":1,"hidden":1,"units":1},"params":[]}`,
		`{"format":"flowlab-model/1","config":{"model":"made","dim":2,"layers":1,"hidden":1,"units":1},"params":[1,2]}`,
		`{"format":"flowlab-model/1","config":{"model":"made","dim":1,"layers":1,"hidden":0,"units":1},"params":[0,0,0,0],"shift":[1],"scale":[-1]}`,
	} {
		if _, _, err := flow.ReadModel(bytes.NewBufferString(s)); !errorsIs(err, flow.ErrModel) {
			t.Errorf("ReadModel(%q) = %v, want ErrModel", s, err)
		}
	}
}

// TestModelFileLayout loads a MADE model saved before MADE networks stored
// their parameters in internal (degree-sorted) order: saved files keep the
// natural order, so it must score as it did then, save back the same
// parameters, and ignore values in masked weights.
func TestModelFileLayout(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "made_model_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Model   flow.Model
		X       []float64
		LogProb []float64
	}
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatal(err)
	}
	f, err := saved.Model.Flow()
	if err != nil {
		t.Fatal(err)
	}
	n := len(saved.LogProb)
	got := make([]float64, n)
	f.LogProb(got, saved.X, n)
	if d := floats.Distance(got, saved.LogProb, math.Inf(1)); d > 1e-12 {
		t.Errorf("log-probs %v, saved %v", got, saved.LogProb)
	}
	if !floats.Same(f.Model().Params, saved.Model.Params) {
		t.Error("saving the loaded model changed its parameters")
	}

	// The natural mask from the layers' connectivity: masked weights are zero
	// in the file, and values put there are ignored on loading.
	var natural []float64
	for _, l := range f.Layers() {
		in := f.Dim()
		for _, mk := range l.Info().Masks {
			out := len(mk) / in
			for _, v := range mk {
				natural = append(natural, float64(v))
			}
			for range out {
				natural = append(natural, 1)
			}
			in = out
		}
	}
	if len(natural) != len(f.Params) {
		t.Fatalf("masks describe %d parameters, the flow has %d", len(natural), len(f.Params))
	}
	m := f.Model()
	masked := 0
	for i, v := range m.Params {
		if natural[i] == 0 {
			masked++
			if v != 0 {
				t.Fatalf("saved parameter %d is masked but %v", i, v)
			}
			m.Params[i] = 5
		}
	}
	if masked == 0 {
		t.Fatal("no masked weights: the test model is not a MADE")
	}
	g, err := m.Flow()
	if err != nil {
		t.Fatal(err)
	}
	g.LogProb(got, saved.X, n)
	if d := floats.Distance(got, saved.LogProb, math.Inf(1)); d > 1e-12 {
		t.Errorf("values in masked weights changed the log-probs: %v, saved %v", got, saved.LogProb)
	}
}
