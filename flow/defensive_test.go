package flow_test

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/eval"
)

// defensiveFlow trains a small flow with a defensive mixture of weight w on
// two moons (standardised, 3 epochs), so that flow and start differ.
func defensiveFlow(t *testing.T, model string, w float64, seed uint64) (*flow.Flow, []float64) {
	t.Helper()
	return smoothDefensiveFlow(t, model, w, 0, 0, seed)
}

// smoothDefensiveFlow is defensiveFlow with a smoothed start share s
// (Config.DefensiveSmooth) and kernel width c (Config.DefensiveBandwidth).
func smoothDefensiveFlow(t *testing.T, model string, w, s, c float64, seed uint64) (*flow.Flow, []float64) {
	t.Helper()
	cfg := flow.Config{Model: model, Dim: 2, Layers: 3, Hidden: 1, Units: 8, Base: flow.BaseGMM, TrainBase: true, Defensive: w, DefensiveSmooth: s, DefensiveBandwidth: c}
	x := moons(300, 0.08, rand.New(rand.NewPCG(seed, 1)))
	f, err := flow.New(cfg, rand.New(rand.NewPCG(seed, 2)))
	if err != nil {
		t.Fatal(err)
	}
	ts := flow.TrainSettings{BatchSize: 50, MaxEpochs: 3, LRStart: 0.01, LREnd: 0.001, Tol: -1, Standardize: true, BaseRestarts: 3}
	tr, err := flow.NewTrainer(f, x, 300, x, 300, ts, rand.New(rand.NewPCG(seed, 3)))
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Done() {
		tr.Step()
	}
	return f, x
}

// withoutMixture returns f's flow part: the same parameters (minus the start
// mixture) and standardisation, without the defensive mixture.
func withoutMixture(t *testing.T, f *flow.Flow) *flow.Flow {
	t.Helper()
	cfg := f.Config
	cfg.Defensive, cfg.DefensiveSmooth, cfg.DefensiveBandwidth = 0, 0, 0
	g, err := flow.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := f.Model()
	m.Config = cfg
	m.Params = m.Params[:len(g.Params)]
	g, err = m.Flow()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestDefensiveMixtureDensity checks ln p = ln((1−w)·p_flow + w·p_start)
// row by row, against the flow without the mixture and the start mixture
// evaluated by flow/eval at the standardised rows; that the trace's ledger
// adds up to it; and that the density integrates to 1.
func TestDefensiveMixtureDensity(t *testing.T) {
	for _, tc := range []struct {
		model             string
		w, smooth, bwidth float64
	}{{flow.ModelRealNVP, 0.01, 0, 0}, {flow.ModelMADE, 0.3, 0, 0}, {flow.ModelSpline, 0.5, 0, 0},
		{flow.ModelRealNVP, 0.3, 0.5, 0}, {flow.ModelMADE, 0.3, 1, 0}, {flow.ModelSpline, 0.1, 0.25, 0},
		{flow.ModelMADE, 0.3, 0.05, 1.5}, {flow.ModelRealNVP, 0.3, 0.5, 3}} {
		f, x := smoothDefensiveFlow(t, tc.model, tc.w, tc.smooth, tc.bwidth, 7)
		plain := withoutMixture(t, f)
		n := len(x) / 2
		lp, lpFlow, lpStart := make([]float64, n), make([]float64, n), make([]float64, n)
		f.LogProb(lp, x, n)
		plain.LogProb(lpFlow, x, n)
		own := make([]float64, n)
		f.FlowLogProb(own, x, n)
		for i := range own {
			if own[i] != lpFlow[i] {
				t.Fatalf("%s row %d: FlowLogProb %v, the flow without the mixture %v", tc.model, i, own[i], lpFlow[i])
			}
		}
		st := f.Standardization()
		z := make([]float64, len(x))
		jac := 0.0
		for a := range 2 {
			jac -= math.Log(st.Scale[a])
		}
		for i, v := range x {
			z[i] = (v - st.Shift[i%2]) / st.Scale[i%2]
		}
		f.Start().Mixture().LogProb(lpStart, z)
		tr := f.TraceInverse(x, n)
		for i := range n {
			want := math.Log((1-tc.w)*math.Exp(lpFlow[i]) + tc.w*math.Exp(lpStart[i]+jac))
			if math.Abs(lp[i]-want) > 1e-9 {
				t.Fatalf("%s w=%g row %d: ln p %v, want %v", tc.model, tc.w, i, lp[i], want)
			}
			sum := tr.BaseLogProb[i] + tr.Mixture[i]
			for _, ld := range tr.LogDet {
				sum += ld[i]
			}
			if math.Abs(sum-lp[i]) > 1e-9 || math.Abs(tr.LogProb[i]-lp[i]) > 1e-9 {
				t.Fatalf("%s row %d: ledger sums to %v, trace %v, LogProb %v", tc.model, i, sum, tr.LogProb[i], lp[i])
			}
			if lower := math.Log(tc.w) + lpStart[i] + jac; lp[i] < lower-1e-9 {
				t.Fatalf("%s row %d: ln p %v below its bound ln w + ln p_start = %v", tc.model, i, lp[i], lower)
			}
		}
		if got := integrate2D(f, st); math.Abs(got-1) > 0.02 {
			t.Errorf("%s w=%g: density integrates to %v", tc.model, tc.w, got)
		}
	}
}

// integrate2D sums exp(ln p) of a 2-D flow over a grid of ±8 standard
// deviations around its standardisation's shift.
func integrate2D(f *flow.Flow, st *flow.Standardize) float64 {
	const m = 400
	h := [2]float64{16 * st.Scale[0] / m, 16 * st.Scale[1] / m}
	x := make([]float64, 0, 2*m*m)
	for i := range m {
		for j := range m {
			x = append(x, st.Shift[0]+(float64(i)+0.5-m/2)*h[0], st.Shift[1]+(float64(j)+0.5-m/2)*h[1])
		}
	}
	lp := make([]float64, m*m)
	f.LogProb(lp, x, m*m)
	s := 0.0
	for _, v := range lp {
		s += math.Exp(v)
	}
	return s * h[0] * h[1]
}

// TestDefensiveMixtureRoundTrip checks that a saved model keeps the
// mixture: the same parameters, the same densities to the bit.
func TestDefensiveMixtureRoundTrip(t *testing.T) {
	f, x := defensiveFlow(t, flow.ModelMADE, 0.05, 3)
	var buf bytes.Buffer
	if err := flow.WriteModel(&buf, f.Model()); err != nil {
		t.Fatal(err)
	}
	_, g, err := flow.ReadModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	n := len(x) / 2
	a, b := make([]float64, n), make([]float64, n)
	f.LogProb(a, x, n)
	g.LogProb(b, x, n)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d: %v before saving, %v after", i, a[i], b[i])
		}
	}
	if g.Start() == nil || g.Config.Defensive != 0.05 {
		t.Fatalf("loaded flow lost its mixture: %s", g)
	}
	// A file whose parameters lack the start is refused.
	m := f.Model()
	m.Params = m.Params[:len(m.Params)-1]
	if _, err := m.Flow(); !errors.Is(err, flow.ErrModel) {
		t.Errorf("truncated parameters: %v", err)
	}
}

// TestDefensiveMixtureValidate lists the configurations Validate refuses.
func TestDefensiveMixtureValidate(t *testing.T) {
	ok := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3, Base: flow.BaseGMM}
	for _, tc := range []struct {
		w, smooth, bwidth float64
		base              string
		bad               bool
	}{
		{0, 0, 0, flow.BaseGMM, false}, {0.01, 0, 0, flow.BaseGMM, false}, {flow.DefensiveMax, 0, 0, flow.BaseGMM, false},
		{-0.1, 0, 0, flow.BaseGMM, true}, {0.6, 0, 0, flow.BaseGMM, true}, {math.NaN(), 0, 0, flow.BaseGMM, true}, {math.Inf(1), 0, 0, flow.BaseGMM, true},
		{0.1, 0, 0, "", true}, {0.1, 0, 0, flow.BaseNormal, true},
		{0.3, 0.5, 0, flow.BaseGMM, false}, {0.3, 1, 0, flow.BaseGMM, false},
		{0.3, -0.1, 0, flow.BaseGMM, true}, {0.3, 1.5, 0, flow.BaseGMM, true}, {0.3, math.NaN(), 0, flow.BaseGMM, true},
		{0, 0.5, 0, flow.BaseGMM, true}, // smoothing without a defensive mixture
		{0.3, 0.05, 1.5, flow.BaseGMM, false}, {0.3, 0.05, flow.DefensiveBandwidthMax, flow.BaseGMM, false},
		{0.3, 0.05, -1, flow.BaseGMM, true}, {0.3, 0.05, flow.DefensiveBandwidthMax + 0.1, flow.BaseGMM, true},
		{0.3, 0.05, math.NaN(), flow.BaseGMM, true}, {0.3, 0.05, math.Inf(1), flow.BaseGMM, true},
		{0.3, 0, 1.5, flow.BaseGMM, true}, // a bandwidth without smoothing
	} {
		cfg := ok
		cfg.Defensive, cfg.DefensiveSmooth, cfg.DefensiveBandwidth, cfg.Base = tc.w, tc.smooth, tc.bwidth, tc.base
		if err := cfg.Validate(); (err != nil) != tc.bad {
			t.Errorf("w=%v smooth=%v bandwidth=%v base %q: error %v, want error %v", tc.w, tc.smooth, tc.bwidth, tc.base, err, tc.bad)
		}
	}
	if err := (flow.TrainSettings{BaseRestarts: -1}).Validate(); err == nil {
		t.Error("negative base restarts accepted")
	}
	if err := (flow.TrainSettings{BaseRestarts: flow.MaxBaseRestarts + 1}).Validate(); err == nil {
		t.Error("too many base restarts accepted")
	}
}

// TestDefensiveMixtureSample checks that samples follow the mixture: their
// mean is (1−w)·(the flow part's mean) + w·(the start's mean), with the
// start's mean mapped to data space.
func TestDefensiveMixtureSample(t *testing.T) {
	const w, n = 0.4, 40000
	f, _ := defensiveFlow(t, flow.ModelRealNVP, w, 5)
	plain := withoutMixture(t, f)
	got, flowPart := make([]float64, 2*n), make([]float64, 2*n)
	f.Sample(got, n, rand.New(rand.NewPCG(1, 1)))
	plain.Sample(flowPart, n, rand.New(rand.NewPCG(2, 2)))
	st, mix := f.Standardization(), f.Start().Mixture()
	for a := range 2 {
		startMean := 0.0
		for j, p := range mix.Weights {
			startMean += p * mix.Means[j][a]
		}
		startMean = startMean*st.Scale[a] + st.Shift[a]
		want := (1-w)*mean(flowPart, a) + w*startMean
		if d := mean(got, a) - want; math.Abs(d) > 0.05*st.Scale[a] {
			t.Errorf("feature %d: sample mean %v, want %v", a, mean(got, a), want)
		}
	}
	again := make([]float64, 2*n)
	f.Sample(again, n, rand.New(rand.NewPCG(1, 1)))
	for i := range got {
		if got[i] != again[i] {
			t.Fatal("sampling with one seed is not reproducible")
		}
	}
}

func mean(x []float64, a int) float64 {
	s := 0.0
	for i := a; i < len(x); i += 2 {
		s += x[i]
	}
	return s / float64(len(x)/2)
}

// TestDefensiveStartRestarts checks that the start is the most likely of
// the restarts (so at least as likely as one fit), fitted in the data's own
// units, and that the base still gets the single fit FitBase makes.
func TestDefensiveStartRestarts(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const n = 500
	x := randn(rng, 2*n)
	for i := 0; i < 2*n; i += 2 {
		x[i] *= 10 // unequal scales make k-means++ starts differ between units
		if i%10 == 0 {
			x[i+1] += 6
		}
	}
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 4, Base: flow.BaseGMM, Defensive: 0.1}
	ll := func(restarts int) (start, base float64) {
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		if err := f.FitBaseRestarts(x, n, restarts, rand.New(rand.NewPCG(9, 9))); err != nil {
			t.Fatal(err)
		}
		lp := make([]float64, n)
		f.Start().Mixture().LogProb(lp, x)
		lb := make([]float64, n)
		f.Base().Mixture().LogProb(lb, x)
		for i := range lp {
			start += lp[i] / n
			base += lb[i] / n
		}
		return start, base
	}
	one, base1 := ll(1)
	many, base8 := ll(8)
	if many < one-1e-12 {
		t.Errorf("8 restarts: mean log-likelihood %v below one fit's %v", many, one)
	}
	if base1 != base8 {
		t.Errorf("the base changed with the restarts: %v vs %v", base1, base8)
	}
	g, err := eval.FitGMM(x, 2, 3, rand.New(rand.NewPCG(1, 2)), eval.GMMSettings{})
	if err != nil || one < g.LogLik[len(g.LogLik)-1]-1 {
		t.Errorf("one fit's start %v is far from an EM fit's %v (%v)", one, g.LogLik, err)
	}
}

// TestDefensiveStartIsBaseFit checks that without restarts the start is the
// flow's own start density: right after NewTrainer (identity layers, a
// permutation between them, a standardisation) p_start(x) = p_flow(x).
func TestDefensiveStartIsBaseFit(t *testing.T) {
	for _, model := range []string{flow.ModelRealNVP, flow.ModelMADE} {
		cfg := flow.Config{Model: model, Dim: 4, Layers: 3, Hidden: 1, Units: 8, Base: flow.BaseGMM, Defensive: 0.2}
		rng := rand.New(rand.NewPCG(8, 8))
		const n = 400
		x := randn(rng, 4*n)
		for i := range x {
			x[i] = x[i]*float64(1+i%4) + float64(i%4) // unequal scales and shifts
			if i/4%5 == 0 && i%4 == 2 {
				x[i] += 9
			}
		}
		f, err := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := flow.NewTrainer(f, x, n, x, n, flow.TrainSettings{Standardize: true}, rand.New(rand.NewPCG(2, 2))); err != nil {
			t.Fatal(err)
		}
		lp, lpFlow := make([]float64, n), make([]float64, n)
		f.LogProb(lp, x, n)
		withoutMixture(t, f).LogProb(lpFlow, x, n)
		for i := range lp {
			if math.Abs(lp[i]-lpFlow[i]) > 1e-9 {
				t.Fatalf("%s row %d: mixture %v, flow %v: the start is not the flow's start", model, i, lp[i], lpFlow[i])
			}
		}
	}
}

// TestDefensiveSmoothStart checks the smoothed start (Config.DefensiveSmooth
// = s): twice the base's components, the first half the EM start with
// weights (1−s)·π_j, the second half the same means and weights s·π_j with
// every covariance widened by Scott's kernel variance Var[x_j]·n^(−2/(d+4)),
// times the square of Config.DefensiveBandwidth when it is set, in the
// start's (standardised) units; with one fit and with restarts, and the
// parameter count NumParams reports.
func TestDefensiveSmoothStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	const n, d = 400, 2
	x := randn(rng, d*n)
	for i := 0; i < d*n; i += d {
		x[i] = 3*x[i] + 5 // unequal scales and a shift: the kernel is per feature
	}
	for _, tc := range []struct {
		restarts       int
		smooth, bwidth float64
	}{{1, 0.5, 0}, {1, 0.25, 0}, {4, 0.5, 0}, {4, 1, 0}, {1, 0.05, 1.5}, {4, 0.5, 0.5}} {
		cfg := flow.Config{Model: flow.ModelMADE, Dim: d, Layers: 2, Hidden: 1, Units: 4, Base: flow.BaseGMM, Defensive: 0.3}
		plain, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		cfg.DefensiveSmooth, cfg.DefensiveBandwidth = tc.smooth, tc.bwidth
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(1, 1)))
		np, err := flow.NumParams(cfg)
		if err != nil || np != len(f.Params) {
			t.Fatalf("NumParams %d (%v), the flow has %d", np, err, len(f.Params))
		}
		for _, g := range []*flow.Flow{plain, f} {
			// As the trainer does: standardise, then fit base and start.
			g.SetStandardization(flow.FitStandardize(x, n, d))
			if err := g.FitBaseRestarts(x, n, tc.restarts, rand.New(rand.NewPCG(9, 9))); err != nil {
				t.Fatal(err)
			}
		}
		want, got := plain.Start().Mixture(), f.Start().Mixture()
		k := len(want.Weights)
		if len(got.Weights) != 2*k {
			t.Fatalf("restarts %d: %d start components, want %d", tc.restarts, len(got.Weights), 2*k)
		}
		scott := math.Pow(n, -2.0/(d+4))
		if tc.bwidth > 0 {
			scott *= tc.bwidth * tc.bwidth
		}
		for j := range k {
			for half, share := range [2]float64{1 - tc.smooth, tc.smooth} {
				c := half*k + j
				if share == 0 {
					share = 1e-12
				}
				if w := share * want.Weights[j]; math.Abs(got.Weights[c]-w) > 1e-9*max(w, 1e-12) {
					t.Errorf("restarts %d component %d: weight %v, want %v", tc.restarts, c, got.Weights[c], w)
				}
				for a := range d {
					if math.Abs(got.Means[c][a]-want.Means[j][a]) > 1e-9 {
						t.Errorf("restarts %d component %d: mean %v, want %v", tc.restarts, c, got.Means[c], want.Means[j])
					}
					for b := range d {
						w := want.Covs[j][a*d+b]
						if half == 1 && a == b {
							w += scott // standardised rows have unit variance
						}
						if math.Abs(got.Covs[c][a*d+b]-w) > 1e-9 {
							t.Errorf("restarts %d component %d: cov[%d,%d] %v, want %v", tc.restarts, c, a, b, got.Covs[c][a*d+b], w)
						}
					}
				}
			}
		}
	}
}
