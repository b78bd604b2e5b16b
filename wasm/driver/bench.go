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
	res := protocol.BenchResult{Workers: max(1, m.Workers), Batch: m.Batch, Steps: m.Steps, Accelerators: flow.Accelerators()}
	fail := func(err error) {
		res.Error = err.Error()
		d.post(res)
	}
	f, err := flow.New(m.Config, experiment.InitRNG(1, 0))
	if err != nil || m.Batch < 1 || m.Steps < 1 || m.Block < 0 {
		if err == nil {
			err = flow.ErrConfig
		}
		fail(err)
		return
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, m.Batch*m.Config.Dim)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	solo := func(x []float64, n int, scale float64) (float64, error) { return f.LossGrad(x, n, scale), nil }
	grad := solo
	pool, err := d.startPool(f, m.Workers)
	if err != nil {
		fail(err)
		return
	}
	if pool != nil {
		defer pool.Close()
		grad = shardedGrad(f, pool, d.release)
	} else {
		res.Workers = 1
	}
	paired := m.Paired && pool != nil
	opt := flow.NewAdamFor(f, 0.9, 0.999, 1e-7)
	step := func(g flow.GradFunc) error {
		clear(f.Grads)
		if _, err := g(x, m.Batch, 1/float64(m.Batch)); err != nil {
			return err
		}
		opt.Step(f.Params, f.Grads, 1e-4)
		return nil
	}
	// timed runs k steps with g and returns how long they took.
	timed := func(g flow.GradFunc, k int) (time.Duration, error) {
		start := time.Now()
		for range k {
			if err := step(g); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	// Warm-up: workspaces grow, helpers start, V8 optimises the hot code
	// (of both ways of stepping, when paired).
	for warm := time.Now(); res.WarmupSteps == 0 || time.Since(warm).Seconds() < m.WarmupSeconds; res.WarmupSteps++ {
		g := grad
		if paired && res.WarmupSteps%2 == 1 {
			g = solo
		}
		if err := step(g); err != nil {
			fail(err)
			return
		}
	}
	if !paired {
		took, err := timed(grad, m.Steps)
		if err != nil {
			fail(err)
			return
		}
		res.Seconds = took.Seconds()
		res.SamplesPerSec = float64(m.Batch*m.Steps) / res.Seconds
		d.post(res)
		return
	}
	// Paired: blocks of one worker alone (the helpers idle) and of all the
	// workers alternate, so that both see the same moments of a machine
	// whose speed drifts.
	block := m.Block
	if block == 0 {
		block = max(1, m.Steps/8)
	}
	var alone, all time.Duration
	for done := 0; done < m.Steps; done += block {
		k := min(block, m.Steps-done)
		t1, err := timed(solo, k)
		if err != nil {
			fail(err)
			return
		}
		tn, err := timed(grad, k)
		if err != nil {
			fail(err)
			return
		}
		alone, all = alone+t1, all+tn
		res.BlockRatios = append(res.BlockRatios, t1.Seconds()/tn.Seconds())
	}
	res.Seconds = all.Seconds()
	res.SamplesPerSec = float64(m.Batch*m.Steps) / res.Seconds
	res.SoloSamplesPerSec = float64(m.Batch*m.Steps) / alone.Seconds()
	d.post(res)
}
