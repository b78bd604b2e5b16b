package driver

import (
	"math/rand/v2"
	"time"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// handleBench times training steps of a flow on a random batch, using the
// same step (gradient, data-parallel shares, Adam) as training, and reports
// steady-state samples per second.
func (d *Driver) handleBench(m protocol.Bench) {
	res := protocol.BenchResult{Workers: max(1, m.Workers), Batch: m.Batch, Steps: m.Steps}
	f, err := flow.New(m.Config, experiment.InitRNG(1, 0))
	if err != nil || m.Batch < 1 || m.Steps < 1 {
		if err == nil {
			err = flow.ErrConfig
		}
		res.Error = err.Error()
		d.post(res)
		return
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, m.Batch*m.Config.Dim)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	grad := func(x []float64, n int, scale float64) (float64, error) { return f.LossGrad(x, n, scale), nil }
	pool, err := d.startPool(f, m.Workers)
	if err != nil {
		res.Error = err.Error()
		d.post(res)
		return
	}
	if pool != nil {
		defer pool.Close()
		grad = shardedGrad(f, pool)
	} else {
		res.Workers = 1
	}
	opt := flow.NewAdam(len(f.Params), 0.9, 0.999, 1e-7)
	step := func() error {
		clear(f.Grads)
		if _, err := grad(x, m.Batch, 1/float64(m.Batch)); err != nil {
			return err
		}
		opt.Step(f.Params, f.Grads, 1e-4)
		return nil
	}
	// Warm-up: workspaces grow, helpers start, V8 optimises the hot code.
	for warm := time.Now(); res.WarmupSteps == 0 || time.Since(warm).Seconds() < m.WarmupSeconds; res.WarmupSteps++ {
		if err := step(); err != nil {
			res.Error = err.Error()
			d.post(res)
			return
		}
	}
	start := time.Now()
	for range m.Steps {
		if err := step(); err != nil {
			res.Error = err.Error()
			d.post(res)
			return
		}
	}
	res.Seconds = time.Since(start).Seconds()
	res.SamplesPerSec = float64(m.Batch*m.Steps) / res.Seconds
	d.post(res)
}
