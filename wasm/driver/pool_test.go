package driver

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"flowlab/flow"
	"flowlab/wasm/protocol"
)

// goPool runs helper drivers on goroutines, as nested Web Workers would.
type goPool struct {
	in     []chan protocol.Message
	out    []chan protocol.Message
	cancel context.CancelFunc
	killed int // helper index whose answers are replaced by a failure (-1: none)
}

func newGoPool(n int) (Pool, error) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &goPool{cancel: cancel, killed: -1}
	for range n {
		in, out := make(chan protocol.Message, 8), make(chan protocol.Message, 8)
		h := NewDriver(func(m protocol.Message) { out <- m })
		go h.Run(ctx, in)
		p.in, p.out = append(p.in, in), append(p.out, out)
	}
	return p, nil
}

func (p *goPool) Size() int { return len(p.in) }
func (p *goPool) Send(i int, m protocol.Message) error {
	// Round-trip through the wire form, as postMessage does.
	w, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	m2, err := protocol.Decode(w)
	if err != nil {
		return err
	}
	p.in[i] <- m2
	return nil
}
func (p *goPool) Recv(i int) (protocol.Message, error) {
	m := <-p.out[i]
	if i == p.killed {
		return nil, errors.New("worker terminated")
	}
	return m, nil
}
func (p *goPool) Close() { p.cancel() }

// trainWith runs a whole training through a driver with the given number of
// workers and returns the final parameters.
func trainWith(t *testing.T, workers int, pool func(int) (Pool, error)) ([]float64, protocol.Done) {
	t.Helper()
	return trainInitWith(t, testInit(3), workers, pool)
}

// madeInit is testInit with a 3-feature MADE flow, whose hidden units the
// engine keeps in degree order.
func madeInit(epochs int) protocol.Init {
	in := testInit(epochs)
	in.Config = flow.Config{Model: flow.ModelMADE, Dim: 3, Layers: 2, Hidden: 2, Units: 10, Permutation: flow.PermCyclic}
	in.Features = []string{"a", "b", "c"}
	in.Train, in.Test = gaussRows(in.NTrain, 3, 1), gaussRows(in.NTest, 3, 2)
	return in
}

// runToEnd trains in on a new driver with workers workers (helpers from
// pool) until it stops running, and returns what the driver posted.
func runToEnd(in protocol.Init, workers int, pool func(int) (Pool, error)) *recorder {
	rec := &recorder{}
	d := NewDriver(rec.post)
	d.NewPool = pool
	in.Workers = workers
	d.Handle(in)
	d.Handle(protocol.Start{})
	for d.State() == protocol.StateRunning {
		d.TrainSlice()
	}
	return rec
}

// trainInitWith is trainWith for a given Init.
func trainInitWith(t *testing.T, in protocol.Init, workers int, pool func(int) (Pool, error)) ([]float64, protocol.Done) {
	t.Helper()
	rec := runToEnd(in, workers, pool)
	var snap protocol.Snapshot
	var done protocol.Done
	for _, m := range rec.msgs {
		switch v := m.(type) {
		case protocol.Snapshot:
			snap = v
		case protocol.Done:
			done = v
		case protocol.Progress:
			if v.Workers != max(1, workers) && pool != nil {
				t.Errorf("progress reports %d workers, want %d", v.Workers, workers)
			}
		}
	}
	return snap.Model.Params, done
}

// TestDataParallelMatchesSingle trains with 1 and with 3 workers, for both
// models: the results agree to 1e-9, and two 3-worker runs are bit-identical.
func TestDataParallelMatchesSingle(t *testing.T) {
	for _, in := range []protocol.Init{testInit(3), madeInit(3)} {
		one, _ := trainInitWith(t, in, 1, nil)
		three, done := trainInitWith(t, in, 3, newGoPool)
		again, _ := trainInitWith(t, in, 3, newGoPool)
		if done.Reason != "max-epochs" {
			t.Fatalf("%s: 3-worker run ended with %+v", in.Config.Model, done)
		}
		if len(one) == 0 || len(one) != len(three) {
			t.Fatalf("%s: %d and %d parameters", in.Config.Model, len(one), len(three))
		}
		worst := 0.0
		for i := range one {
			worst = math.Max(worst, math.Abs(one[i]-three[i]))
			if three[i] != again[i] {
				t.Fatalf("%s: parameter %d differs between two 3-worker runs: %v vs %v", in.Config.Model, i, three[i], again[i])
			}
		}
		if worst > 1e-9 {
			t.Errorf("%s: 3 workers differ from 1 by %g", in.Config.Model, worst)
		}
	}
}

// TestDataParallelHelperFailure ends training with a clear error when a
// helper dies.
func TestDataParallelHelperFailure(t *testing.T) {
	_, done := trainWith(t, 3, func(n int) (Pool, error) {
		p, _ := newGoPool(n)
		p.(*goPool).killed = 1
		return p, nil
	})
	if done.Reason != "failed" || done.Error == "" {
		t.Errorf("done = %+v, want failed with an error", done)
	}
}

// TestBench answers a Bench request with a positive throughput, with and
// without helpers, after at least one warm-up step, and keeps warming up for
// the time asked.
func TestBench(t *testing.T) {
	for _, c := range []struct {
		workers int
		warmup  float64
	}{{1, 0}, {2, 0}, {1, 0.05}} {
		rec := &recorder{}
		d := NewDriver(rec.post)
		d.NewPool = newGoPool
		in := testInit(1)
		start := time.Now()
		d.Handle(protocol.Bench{Config: in.Config, Batch: 64, Steps: 3, Workers: c.workers, WarmupSeconds: c.warmup})
		r, ok := rec.msgs[len(rec.msgs)-1].(protocol.BenchResult)
		if !ok || r.Error != "" || r.SamplesPerSec <= 0 || r.Workers != c.workers || r.WarmupSteps < 1 || r.Steps != 3 {
			t.Errorf("%+v: %+v", c, rec.msgs[len(rec.msgs)-1])
		}
		if took := time.Since(start).Seconds(); took < c.warmup {
			t.Errorf("%+v: answered after %.3f s, before the warm-up ended", c, took)
		}
	}
}

// TestBenchPaired times one worker and all the workers in one run: both
// rates are reported, with the helpers' shares really used (a dead helper
// fails the run), and without helpers a paired request is a plain one.
func TestBenchPaired(t *testing.T) {
	in := testInit(1)
	rec := &recorder{}
	d := NewDriver(rec.post)
	d.NewPool = newGoPool
	d.Handle(protocol.Bench{Config: in.Config, Batch: 64, Steps: 5, Workers: 2, Paired: true, Block: 2})
	r, ok := rec.msgs[len(rec.msgs)-1].(protocol.BenchResult)
	if !ok || r.Error != "" || r.SamplesPerSec <= 0 || r.SoloSamplesPerSec <= 0 || r.Workers != 2 || r.Steps != 5 {
		t.Errorf("paired: %+v", rec.msgs[len(rec.msgs)-1])
	}
	if len(r.BlockRatios) != 3 || slices.ContainsFunc(r.BlockRatios, func(v float64) bool { return !(v > 0) }) {
		t.Errorf("paired run of 5 steps in blocks of 2: block ratios %v, want 3 positive", r.BlockRatios)
	}

	rec = &recorder{}
	d = NewDriver(rec.post)
	d.NewPool = func(n int) (Pool, error) {
		p, _ := newGoPool(n)
		p.(*goPool).killed = 0
		return p, nil
	}
	d.Handle(protocol.Bench{Config: in.Config, Batch: 64, Steps: 5, Workers: 2, Paired: true})
	if r, ok := rec.msgs[len(rec.msgs)-1].(protocol.BenchResult); !ok || r.Error == "" {
		t.Errorf("a dead helper in a paired run: %+v", rec.msgs[len(rec.msgs)-1])
	}

	rec = &recorder{}
	d = NewDriver(rec.post)
	d.Handle(protocol.Bench{Config: in.Config, Batch: 64, Steps: 3, Workers: 1, Paired: true})
	if r, ok := rec.msgs[len(rec.msgs)-1].(protocol.BenchResult); !ok || r.Error != "" || r.SoloSamplesPerSec != 0 || r.SamplesPerSec <= 0 {
		t.Errorf("paired with one worker: %+v", rec.msgs[len(rec.msgs)-1])
	}
}

// TestShareBounds checks the split of a batch among workers: contiguous
// shares that cover every row once, the leader's share larger than an even
// one by about leaderExtra, and helpers' shares within one row of each other.
func TestShareBounds(t *testing.T) {
	for _, c := range []struct{ n, w int }{{1000, 2}, {1000, 3}, {1000, 4}, {500, 2}, {64, 2}, {7, 3}, {1, 2}, {2, 4}, {1000, 1}, {999, 5}} {
		next, helperMin, helperMax := 0, c.n, 0
		for i := range c.w {
			lo, hi := shareBounds(c.n, c.w, i)
			if lo != next || hi < lo || hi > c.n {
				t.Fatalf("n %d w %d: share %d is [%d, %d) after %d", c.n, c.w, i, lo, hi, next)
			}
			next = hi
			if i > 0 {
				helperMin, helperMax = min(helperMin, hi-lo), max(helperMax, hi-lo)
			}
		}
		if next != c.n {
			t.Errorf("n %d w %d: shares end at row %d", c.n, c.w, next)
		}
		if c.w > 1 && helperMax-helperMin > 1 {
			t.Errorf("n %d w %d: helpers' shares range from %d to %d rows", c.n, c.w, helperMin, helperMax)
		}
		_, n0 := shareBounds(c.n, c.w, 0)
		even := float64(c.n) / float64(c.w)
		if want := even * (1 + leaderExtra); c.w > 1 && math.Abs(float64(n0)-want) > 0.5 && n0 != c.n {
			t.Errorf("n %d w %d: leader has %d rows, want %.1f", c.n, c.w, n0, want)
		}
	}
}
