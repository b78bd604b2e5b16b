package flow_test

import (
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// benchTrainStep measures one optimiser step (forward, backward, Adam) of
// cfg at the given batch size and reports training samples per second. The
// same benchmark names run natively and under GOOS=js GOARCH=wasm.
func benchTrainStep(b *testing.B, cfg flow.Config, batch int) {
	rng := rand.New(rand.NewPCG(1, 1))
	f, err := flow.New(cfg, rng)
	if err != nil {
		b.Fatal(err)
	}
	x := randn(rng, batch*cfg.Dim)
	opt := flow.NewAdamFor(f, 0.9, 0.999, 1e-7)
	step := func() {
		clear(f.Grads)
		f.LossGrad(x, batch, 1/float64(batch))
		opt.Step(f.Params, f.Grads, 1e-4)
	}
	step() // grow the workspace outside the timed loop: steady state only
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(batch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// QuickRealNVP mirrors the page's Quick preset architecture.
var quickRealNVP = flow.Config{Model: flow.ModelRealNVP, Dim: 4, Layers: 6, Hidden: 2, Units: 32}

func BenchmarkTrainStepRealNVPPaper1000(b *testing.B) { benchTrainStep(b, flow.PaperRealNVP(4), 1000) }
func BenchmarkTrainStepMADEPaper1000(b *testing.B)    { benchTrainStep(b, flow.PaperMADE(4), 1000) }
func BenchmarkTrainStepQuick1000(b *testing.B)        { benchTrainStep(b, quickRealNVP, 1000) }

// BenchmarkLogProbRealNVPPaper10000 measures density evaluation, the cost of
// scoring stars.
func BenchmarkLogProbRealNVPPaper10000(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	f, _ := flow.New(flow.PaperRealNVP(4), rng)
	const n = 10000
	x := randn(rng, n*4)
	lp := make([]float64, n)
	b.ReportAllocs()
	for b.Loop() {
		f.LogProb(lp, x, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// The share of one of two data-parallel workers at batch 1000: the fixed
// per-step work (parameter copies, Adam) weighs twice as much here.
func BenchmarkTrainStepMADEPaper500(b *testing.B)    { benchTrainStep(b, flow.PaperMADE(4), 500) }
func BenchmarkTrainStepRealNVPPaper500(b *testing.B) { benchTrainStep(b, flow.PaperRealNVP(4), 500) }

// BenchmarkAdamStep is one Adam step over a paper MADE's parameters.
func BenchmarkAdamStep(b *testing.B) {
	f, err := flow.New(flow.PaperMADE(4), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	for i := range f.Grads {
		f.Grads[i] = float64(i%17) * 1e-3
	}
	opt := flow.NewAdamFor(f, 0.9, 0.999, 1e-7)
	for b.Loop() {
		opt.Step(f.Params, f.Grads, 1e-6)
	}
}

// BenchmarkAddTo adds one data-parallel share's gradient of a paper MADE.
func BenchmarkAddTo(b *testing.B) {
	n := 342464
	dst, x := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i] = float64(i%13) * 1e-3
	}
	for b.Loop() {
		flow.AddTo(dst, x)
	}
}
