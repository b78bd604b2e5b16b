package app

import (
	"fmt"

	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
)

// baselineJob is one GMM Bayes fit in a worker for one evaluation.
type baselineJob struct {
	eval *Evaluation
	conn client.Conn
	done bool
	err  string
}

func (a *App) currentBaselineJob() *baselineJob { return a.baseline }

// setBaselineJob makes j the current GMM job, closing the worker of the one
// it replaces.
func (a *App) setBaselineJob(j *baselineJob) {
	if old := a.baseline; old != nil && old != j && old.conn != nil && !old.done {
		old.conn.Close()
	}
	a.baseline = j
}

// BaselineStatus says how the GMM Bayes baseline of the shown evaluation is
// doing: pending while a worker fits it (or before one was asked), err when
// it could not be computed. Both are zero once Eval.GMM is set. Call it
// under the render lock (read or write).
func (a *App) BaselineStatus() (pending bool, err string) {
	e := a.Eval
	if e == nil || e.GMM != nil {
		return false, ""
	}
	if j := a.currentBaselineJob(); j != nil && j.eval == e && j.err != "" {
		return false, j.err
	}
	return true, ""
}

// NeedsBaseline reports whether the shown evaluation lacks the GMM baseline
// and no worker was asked for it yet. Call it under the render lock.
func (a *App) NeedsBaseline() bool {
	e := a.Eval
	if e == nil || e.GMM != nil || a.Data == nil {
		return false
	}
	j := a.currentBaselineJob()
	return j == nil || j.eval != e
}

// ComputeBaseline fits the GMM Bayes baseline (astroML's 3-component
// Gaussian mixture per class) on the training split in a worker and scores
// the validation split with it, for a classifier that came without one
// (pretrained or imported). It returns at once; the result lands in
// Eval.GMMT and Eval.GMM under the render lock, followed by a render.
// Fitting takes seconds on 74,000 stars, so it never runs on the UI thread.
// Call it under the render lock; it does nothing when the baseline is there
// or already being computed.
func (a *App) ComputeBaseline() {
	if !a.NeedsBaseline() || a.NewConn == nil {
		return
	}
	e := a.Eval
	prev := a.currentBaselineJob()
	job := &baselineJob{eval: e}
	split := a.Split()
	v, tr := split.Valid, split.Train
	if len(e.T) != len(e.Labels) || !sameRows(v.Y, e.Labels) {
		a.setBaselineJob(job)
		job.err = "the seed changed since this classifier was scored, so its validation stars are not the current split's; score it again to compare"
		return
	}
	// The baseline depends only on the split: reuse the last one when the
	// new classifier (an import, say) is scored on the same stars.
	if p := prev; p != nil && p.eval.GMM != nil && sameRows(p.eval.Labels, e.Labels) {
		e.GMMT, e.GMM = p.eval.GMMT, p.eval.GMM
		job.done = true
		a.setBaselineJob(job)
		return
	}
	a.setBaselineJob(job)
	conn, err := a.NewConn(1, func(m protocol.Message) { a.baselineMessage(job, m) })
	if err != nil {
		job.err = fmt.Sprintf("could not start a worker for the GMM baseline: %v", err)
		return
	}
	job.conn = conn
	labels := make([]float64, tr.Len())
	for i, y := range tr.Y {
		labels[i] = float64(y)
	}
	err = conn.Send(protocol.Baseline{Seq: 1, ID: 1, Seed: a.State.Seed, Dim: tr.Dim, NTrain: tr.Len(),
		NEval: v.Len(), Train: tr.X, Labels: labels, Eval: v.X})
	if err != nil {
		job.err = fmt.Sprintf("could not send the GMM baseline's data to its worker: %v", err)
		job.done = true
		conn.Close()
	}
}

// baselineMessage takes the GMM worker's answer under the render lock.
func (a *App) baselineMessage(job *baselineJob, m protocol.Message) {
	a.Env.Lock()
	if job.done {
		a.Env.UnlockOnly()
		return
	}
	e := job.eval
	switch m := m.(type) {
	case protocol.BaselineScores:
		switch {
		case m.Error != "":
			job.err = "the GMM baseline could not be fitted: " + m.Error
		case len(m.T) != len(e.T):
			job.err = fmt.Sprintf("the GMM baseline scored %d stars, want %d", len(m.T), len(e.T))
		default:
			r := experiment.Evaluate(m.T, e.Labels, e.N0, e.N1)
			e.GMMT, e.GMM = m.T, &r
		}
	case protocol.Failed:
		job.err = "the GMM baseline's worker failed: " + m.Message
	default: // Ready and anything else: keep waiting
		a.Env.UnlockOnly()
		return
	}
	job.done = true
	job.conn.Close()
	a.Env.UnlockRender()
}

// sameRows reports whether a and b are the same slice (the same split's
// labels), not merely equal.
func sameRows(a, b []int) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
