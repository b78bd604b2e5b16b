package driver

import (
	"errors"
	"fmt"

	"flowlab/flow"
	"flowlab/wasm/protocol"
)

// Pool is a set of helper workers that compute shares of a batch's gradient
// for data-parallel training. Helper i receives with Send(i, …) and answers
// through Recv(i), in order.
type Pool interface {
	// Size is the number of helpers.
	Size() int
	// Send posts m to helper i; it must not block for long.
	Send(i int, m protocol.Message) error
	// Recv waits for helper i's next answer.
	Recv(i int) (protocol.Message, error)
	// Close stops the helpers.
	Close()
}

// errHelper reports a helper that answered with something unexpected.
var errHelper = errors.New("driver: data-parallel helper failed")

// shardedGrad returns a GradFunc that splits each batch into Size()+1
// contiguous shares (see shareBounds): share 0 is computed here, share i by
// helper i−1, all at once; the helpers' losses and gradients are then added
// in helper order. Each gradient received is handed to release once added.
// The fixed order makes results identical for a given seed and worker count,
// and equal to single-worker training up to rounding (1e-9 in tests).
func shardedGrad(f *flow.Flow, pool Pool, release func([]float64)) flow.GradFunc {
	step := 0
	return func(x []float64, n int, scale float64) (float64, error) {
		step++
		d := f.Dim()
		w := pool.Size() + 1
		sent := make([]bool, w)
		for i := 1; i < w; i++ {
			lo, hi := shareBounds(n, w, i)
			if hi == lo {
				continue
			}
			req := protocol.GradRequest{Step: step, N: hi - lo, Scale: scale, Params: f.Params, X: x[lo*d : hi*d]}
			if err := pool.Send(i-1, req); err != nil {
				return 0, fmt.Errorf("%w: helper %d: %v", errHelper, i, err)
			}
			sent[i] = true
		}
		_, n0 := shareBounds(n, w, 0)
		loss := f.LossGrad(x[:n0*d], n0, scale)
		for i := 1; i < w; i++ {
			if !sent[i] {
				continue
			}
			m, err := pool.Recv(i - 1)
			if err != nil {
				return 0, fmt.Errorf("%w: helper %d: %v", errHelper, i, err)
			}
			r, ok := m.(protocol.GradResult)
			switch {
			case !ok:
				return 0, fmt.Errorf("%w: helper %d sent %s", errHelper, i, m.Kind())
			case r.Error != "":
				return 0, fmt.Errorf("%w: helper %d: %s", errHelper, i, r.Error)
			case r.Step != step || len(r.Grads) != len(f.Grads):
				return 0, fmt.Errorf("%w: helper %d answered step %d with %d gradients (want step %d, %d)", errHelper, i, r.Step, len(r.Grads), step, len(f.Grads))
			}
			loss += r.Loss
			flow.AddTo(f.Grads, r.Grads)
			release(r.Grads)
		}
		return loss, nil
	}
}

// leaderExtra is how much larger than an even share the leader's share is.
// A helper starts later than the leader (its parameters must cross
// postMessage first), its answer takes the way back, and in a Chromium trace
// of two workers computing at once (paper MADE, batch 1000, two cores) its
// rows ran 10–15% slower than the leader's; with 1/16 more rows for the
// leader both finished at about the same time.
const leaderExtra = 1.0 / 16

// shareBounds returns the rows [lo, hi) of share i when n rows are split
// among w workers: share 0 (the leader's) is an even share plus leaderExtra,
// the helpers split the rest evenly. The split depends only on n and w, so
// results stay identical for a given worker count.
func shareBounds(n, w, i int) (lo, hi int) {
	if w <= 1 {
		return 0, n
	}
	n0 := min(n, int(float64(n)/float64(w)*(1+leaderExtra)+0.5))
	if i == 0 {
		return 0, n0
	}
	r := n - n0
	return n0 + (i-1)*r/(w-1), n0 + i*r/(w-1)
}

// helperFlow builds the flow a HelperInit describes, with zero parameters
// (every GradRequest brings the current ones).
func helperFlow(m *flow.Model) (*flow.Flow, error) {
	f0, err := flow.New(m.Config, nil)
	if err != nil {
		return nil, err
	}
	mm := *m
	mm.Params = make([]float64, len(f0.Params))
	return mm.Flow()
}

// handleHelperInit makes this worker a gradient helper.
func (d *Driver) handleHelperInit(m protocol.HelperInit) {
	f, err := helperFlow(m.Model)
	if err != nil {
		d.fail("helper init: " + err.Error())
		return
	}
	d.helper = f
}

// handleGradRequest computes one share's loss and gradient.
func (d *Driver) handleGradRequest(m protocol.GradRequest) {
	f := d.helper
	switch {
	case f == nil:
		d.post(protocol.GradResult{Step: m.Step, Error: "gradient request before helper init"})
		return
	case len(m.Params) != len(f.Params) || len(m.X) != m.N*f.Dim():
		d.post(protocol.GradResult{Step: m.Step, Error: fmt.Sprintf("request has %d parameters and %d values for %d rows; the flow has %d parameters and %d features",
			len(m.Params), len(m.X), m.N, len(f.Params), f.Dim())})
		return
	}
	copy(f.Params, m.Params)
	d.release(m.Params)
	clear(f.Grads)
	loss := f.LossGrad(m.X, m.N, m.Scale)
	// Grads is posted without a copy: post copies it out (into JS) at once,
	// and f.Grads changes only at the next request.
	d.post(protocol.GradResult{Step: m.Step, Loss: loss, Grads: f.Grads})
}

// startPool starts workers−1 helpers for f and tells them its architecture.
func (d *Driver) startPool(f *flow.Flow, workers int) (Pool, error) {
	if workers <= 1 || d.NewPool == nil {
		return nil, nil
	}
	pool, err := d.NewPool(workers - 1)
	if err != nil {
		return nil, err
	}
	hdr := f.Model()
	hdr.Params = nil
	for i := range pool.Size() {
		if err := pool.Send(i, protocol.HelperInit{Model: hdr}); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return pool, nil
}
