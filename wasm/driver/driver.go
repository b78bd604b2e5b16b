package driver

import (
	"context"
	"fmt"
	"math"
	"time"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// Driver runs one class flow's training for the worker. It is driven by
// protocol messages and reports through Post. It is not safe for concurrent
// use; Run owns it.
type Driver struct {
	// Post sends a message to the UI. It must not block for long.
	Post func(protocol.Message)
	// Yield is called between training slices so the host can deliver
	// messages (in a browser worker: a short sleep). Nil means no yield.
	Yield func()
	// Slice is the training time between yields; default 25 ms.
	Slice time.Duration
	// ProgressEvery is the minimum time between Progress reports; default 100 ms.
	ProgressEvery time.Duration
	// SnapshotEvery is the minimum time between the Snapshots posted at the
	// end of an epoch (default 500 ms); a snapshot also goes out when the run
	// pauses and when it ends. A snapshot carries every parameter and the
	// whole history, so one per epoch of a small flow (hundreds a second)
	// would flood the page.
	SnapshotEvery time.Duration
	// NewPool starts n helper workers for data-parallel training; nil means
	// every batch is computed by this worker alone.
	NewPool func(n int) (Pool, error)
	// Release, if set, is handed the large payloads of received messages
	// that the driver is done with (a helper's parameters, a gradient once
	// added), so that the transport can decode the next ones into them.
	Release func([]float64)

	seq          int
	lastSnapshot time.Time
	init         protocol.Init
	flow         *flow.Flow
	trainer      *flow.Trainer
	state        string
	stopAfter    int           // pause at the end of this epoch (0: do not)
	active       time.Duration // training time, pauses excluded
	runningSince time.Time
	lastProgress time.Time
	samples      float64    // recent samples/s, from the last epoch or slice
	pool         Pool       // data-parallel helpers of the current training, or nil
	helper       *flow.Flow // the flow this worker computes shares for, as a helper

	// An ensemble (TrainSettings.Members = K > 1) trains its members one
	// after the other (member.go): members holds the finished ones, flow
	// and trainer the current one.
	members  []*flow.Flow
	history  []flow.EpochStats // the finished members' epochs, numbered on
	doneRuns struct{ epochs, steps int }
}

// NewDriver returns an idle driver that posts through post. A posted
// message's slices may be the driver's own buffers: post must be done with
// them (the worker copies them into JS at once) before the driver handles
// its next message.
func NewDriver(post func(protocol.Message)) *Driver {
	return &Driver{Post: post, state: protocol.StateIdle, Slice: 25 * time.Millisecond, ProgressEvery: 100 * time.Millisecond,
		SnapshotEvery: 500 * time.Millisecond}
}

// Run handles messages from inbox until ctx ends, training whenever the
// state is running.
func (d *Driver) Run(ctx context.Context, inbox <-chan protocol.Message) {
	for {
		if d.state != protocol.StateRunning {
			select {
			case m := <-inbox:
				d.safely(func() { d.Handle(m) })
			case <-ctx.Done():
				return
			}
			continue
		}
		select {
		case m := <-inbox:
			d.safely(func() { d.Handle(m) })
			continue
		case <-ctx.Done():
			return
		default:
		}
		d.safely(d.trainSlice)
		if d.Yield != nil {
			d.Yield()
		}
	}
}

// Handle applies one message.
func (d *Driver) Handle(m protocol.Message) {
	switch m := m.(type) {
	case protocol.Init:
		d.handleInit(m)
	case protocol.Start, protocol.Resume:
		if d.trainer == nil {
			d.fail("start before init")
			return
		}
		if d.state != protocol.StateDone {
			d.setRunning()
		}
	case protocol.Pause:
		if d.state == protocol.StateRunning {
			d.setPaused()
		}
	case protocol.StepEpoch:
		if d.trainer == nil {
			d.fail("step before init")
			return
		}
		if d.state != protocol.StateDone {
			// One whole epoch more: a nearly finished epoch does not count.
			d.stopAfter = d.trainer.Epoch() + 1
			if d.trainer.MidEpoch() {
				d.stopAfter++
			}
			d.setRunning()
		}
	case protocol.Stop:
		if d.trainer != nil && d.state != protocol.StateDone {
			d.pauseClock()
			d.trainer.Cancel()
			d.finish()
		}
	case protocol.Score:
		d.handleScore(m)
	case protocol.Evaluate:
		d.handleEvaluate(m)
	case protocol.Baseline:
		d.handleBaseline(m)
	case protocol.HelperInit:
		d.handleHelperInit(m)
	case protocol.GradRequest:
		d.handleGradRequest(m)
	case protocol.Bench:
		d.handleBench(m)
	default:
		d.fail(fmt.Sprintf("unexpected message %q", m.Kind()))
	}
}

func (d *Driver) handleInit(m protocol.Init) {
	d.init = m
	if m.Member < 0 || m.Member >= max(1, m.Settings.Members) {
		d.fail(fmt.Sprintf("member %d of an ensemble of %d", m.Member+1, max(1, m.Settings.Members)))
		return
	}
	f, tr, err := experiment.NewMemberTrainer(m.Config, m.Settings, m.Train, m.Test, m.Seed, m.Class, m.Member)
	if err != nil {
		d.fail(err.Error())
		return
	}
	if d.pool != nil {
		d.pool.Close()
		d.pool = nil
	}
	pool, err := d.startPool(f, m.Workers)
	if err != nil {
		d.fail("could not start data-parallel helpers: " + err.Error())
		return
	}
	if pool != nil {
		d.pool = pool
		tr.Grad = shardedGrad(f, pool, d.release)
	}
	d.flow, d.trainer, d.state, d.active, d.stopAfter = f, tr, protocol.StateIdle, 0, 0
	d.members, d.history, d.doneRuns = nil, nil, struct{ epochs, steps int }{}
	d.progress(true)
}

func (d *Driver) handleScore(m protocol.Score) {
	if d.flow == nil {
		d.fail("score before init")
		return
	}
	dim := d.flow.Dim()
	if m.N < 0 || len(m.X) != m.N*dim {
		d.fail(fmt.Sprintf("score: %d values for %d rows of %d features", len(m.X), m.N, dim))
		return
	}
	lp := make([]float64, m.N)
	d.model().LogProb(lp, m.X, m.N)
	d.post(protocol.Scores{Class: d.init.Class, ID: m.ID, LogProb: lp})
}

// handleEvaluate scores the rows under both flows of a classifier sent
// with the message (no Init needed), one Scores per class.
func (d *Driver) handleEvaluate(m protocol.Evaluate) {
	for c, model := range m.Models {
		lp, err := ScoreRows(model, m.X, m.N)
		if err != nil {
			d.post(protocol.Scores{Class: c, ID: m.ID, Error: err.Error()})
			continue
		}
		d.post(protocol.Scores{Class: c, ID: m.ID, LogProb: lp})
	}
}

// ScoreRows returns ln p(x) of the n rows of x under the flow model
// describes: what a worker answers to Evaluate, and what the page computes
// itself when it has no workers (native tests).
func ScoreRows(model *flow.Model, x []float64, n int) ([]float64, error) {
	f, err := model.Flow()
	if err != nil {
		return nil, err
	}
	if n < 0 || len(x) != n*f.Dim() {
		return nil, fmt.Errorf("%d values for %d rows of %d features", len(x), n, f.Dim())
	}
	lp := make([]float64, n)
	f.LogProb(lp, x, n)
	return lp, nil
}

// handleBaseline fits the GMM Bayes baseline and scores the evaluation rows.
func (d *Driver) handleBaseline(m protocol.Baseline) {
	labels := make([]int, m.NTrain)
	for i, v := range m.Labels {
		if v != 0 && v != 1 {
			d.post(protocol.BaselineScores{ID: m.ID, Error: fmt.Sprintf("label %v of row %d is not 0 or 1", v, i)})
			return
		}
		labels[i] = int(v)
	}
	train := &data.Dataset{Names: make([]string, m.Dim), Dim: m.Dim, X: m.Train, Y: labels}
	t, lp, err := experiment.GMMBaselineDensities(train, m.Eval, m.NEval, m.Seed)
	if err != nil {
		d.post(protocol.BaselineScores{ID: m.ID, Error: err.Error()})
		return
	}
	d.post(protocol.BaselineScores{ID: m.ID, T: t, LogProb: lp})
}

// State is the driver's state: protocol.StateIdle, StateRunning, StatePaused or StateDone.
func (d *Driver) State() string { return d.state }

// TrainSlice trains for about one Slice if running, as Run does between
// messages; in-process hosts (tests, single-threaded demos) call it directly.
func (d *Driver) TrainSlice() {
	if d.state == protocol.StateRunning {
		d.trainSlice()
	}
}

// trainSlice takes steps for about one Slice, reporting epochs and progress.
func (d *Driver) trainSlice() {
	start := time.Now()
	rows := 0
	for time.Since(start) < d.Slice && d.state == protocol.StateRunning {
		before := d.trainer.StepCount()
		st, ended := d.trainer.Step()
		if d.trainer.StepCount() > before {
			rows += min(d.trainer.Settings.BatchSize, d.init.NTrain)
		}
		if ended {
			d.post(protocol.Epoch{Class: d.init.Class, Stats: finiteStats(d.numbered(st))})
			if time.Since(d.lastSnapshot) >= d.SnapshotEvery && !d.trainer.Done() {
				d.snapshot()
			}
			if d.stopAfter > 0 && d.trainer.Epoch() >= d.stopAfter && !d.trainer.Done() {
				d.stopAfter = 0
				d.setPaused()
			}
		}
		if d.trainer.Done() && !d.nextMember() {
			d.pauseClock()
			d.finish()
			return
		}
	}
	if s := time.Since(start).Seconds(); s > 0 && rows > 0 {
		d.samples = float64(rows) / s
	}
	d.progress(false)
}

func (d *Driver) setRunning() {
	d.state = protocol.StateRunning
	d.runningSince = time.Now()
	d.progress(true)
}

func (d *Driver) setPaused() {
	d.pauseClock()
	d.state = protocol.StatePaused
	d.snapshot()
	d.progress(true)
}

func (d *Driver) pauseClock() {
	if d.state == protocol.StateRunning {
		d.active += time.Since(d.runningSince)
	}
}

func (d *Driver) elapsed() time.Duration {
	if d.state == protocol.StateRunning {
		return d.active + time.Since(d.runningSince)
	}
	return d.active
}

// finish reports the final parameters and why training ended.
func (d *Driver) finish() {
	d.state = protocol.StateDone
	if d.pool != nil {
		defer func() { d.pool.Close(); d.pool = nil }()
	}
	d.snapshot()
	done := protocol.Done{Class: d.init.Class, Reason: d.trainer.Reason(), Epochs: d.doneRuns.epochs + d.trainer.Epoch(),
		Steps: d.doneRuns.steps + d.trainer.StepCount(), Seconds: d.elapsed().Seconds()}
	if err := d.trainer.Err(); err != nil {
		done.Error = err.Error()
	}
	d.progress(true)
	d.post(done)
}

func (d *Driver) snapshot() {
	m := d.model().Model()
	m.Class, m.Seed, m.Features = d.init.Class, d.init.Seed, d.init.Features
	s := d.trainer.Settings
	m.Settings = &s
	for _, st := range d.history {
		m.History = append(m.History, finiteStats(st))
	}
	for _, st := range d.trainer.History() {
		m.History = append(m.History, finiteStats(d.numbered(st)))
	}
	d.post(protocol.Snapshot{Class: d.init.Class, Model: m})
	d.lastSnapshot = time.Now()
}

func (d *Driver) progress(force bool) {
	if d.trainer == nil || (!force && time.Since(d.lastProgress) < d.ProgressEvery) {
		return
	}
	d.lastProgress = time.Now()
	tr := d.trainer
	left := max(1, tr.Settings.Members) - d.member() // members not finished, the current one included
	d.post(protocol.Progress{Class: d.init.Class, State: d.state, Epoch: d.doneRuns.epochs + tr.Epoch(), MaxEpochs: d.doneRuns.epochs + left*tr.Settings.MaxEpochs,
		Step: d.doneRuns.steps + tr.StepCount(), StepsPerEpoch: tr.StepsPerEpoch(), Loss: finite(tr.LastLoss()), LR: tr.LR(),
		SamplesPerSec: d.samples, Rollbacks: tr.Rollbacks(), Saturation: d.flow.Saturation(), Seconds: d.elapsed().Seconds(),
		Workers: d.workers()})
}

// workers is the number of workers computing each batch.
func (d *Driver) workers() int {
	if d.pool != nil {
		return d.pool.Size() + 1
	}
	return 1
}

// safely runs f, turning a panic into a failed run: the worker reports what
// went wrong and stays alive for the next run instead of exiting.
func (d *Driver) safely(f func()) {
	defer func() {
		if r := recover(); r != nil {
			if d.trainer != nil {
				d.trainer.Cancel()
			}
			d.state = protocol.StateDone
			d.fail(fmt.Sprintf("internal error: %v", r))
		}
	}()
	f()
}

func (d *Driver) fail(msg string) {
	d.post(protocol.Failed{Class: d.init.Class, Message: msg})
}

func (d *Driver) post(m protocol.Message) {
	d.seq++
	d.Post(protocol.Stamp(m, d.seq))
}

// finite maps NaN and ±Inf to 0, since JSON cannot carry them.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func finiteStats(s flow.EpochStats) flow.EpochStats {
	s.TrainLoss, s.LastLoss, s.TestLoss = finite(s.TrainLoss), finite(s.LastLoss), finite(s.TestLoss)
	return s
}

// release hands f to Release, if set.
func (d *Driver) release(f []float64) {
	if d.Release != nil {
		d.Release(f)
	}
}
