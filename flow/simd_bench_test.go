//go:build js && wasm

package flow

import (
	"math/rand/v2"
	"testing"
)

// benchGoKernels measures one training step of cfg at batch 1000 with the
// SIMD accelerator switched off, for comparison with the TrainStep
// benchmarks, which use it.
func benchGoKernels(b *testing.B, cfg Config) {
	saved := accel
	accel = nil
	defer func() { accel = saved }()
	rng := rand.New(rand.NewPCG(1, 1))
	f, err := New(cfg, rng)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	x := make([]float64, batch*cfg.Dim)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	opt := NewAdamFor(f, 0.9, 0.999, 1e-7)
	step := func() {
		clear(f.Grads)
		f.LossGrad(x, batch, 1.0/batch)
		opt.Step(f.Params, f.Grads, 1e-4)
	}
	step()
	b.ReportAllocs()
	for b.Loop() {
		step()
	}
	b.ReportMetric(batch*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkGoKernelsRealNVPPaper1000(b *testing.B) { benchGoKernels(b, PaperRealNVP(4)) }
func BenchmarkGoKernelsMADEPaper1000(b *testing.B)    { benchGoKernels(b, PaperMADE(4)) }
func BenchmarkGoKernelsQuick1000(b *testing.B) {
	benchGoKernels(b, Config{Model: ModelRealNVP, Dim: 4, Layers: 6, Hidden: 2, Units: 32})
}
