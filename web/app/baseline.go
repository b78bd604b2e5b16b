package app

import (
	"fmt"

	"flowlab/flow/experiment"
	"flowlab/wasm/client"
)

// baselineJob is one GMM Bayes fit in a worker for one evaluation.
type baselineJob struct {
	eval *Evaluation
	done bool
	err  string
}

func (a *App) currentBaselineJob() *baselineJob { return a.baseline }

// setBaselineJob makes j the current GMM job (the evaluator drops the
// answer of the one it replaces).
func (a *App) setBaselineJob(j *baselineJob) { a.baseline = j }

// BaselineStatus says how the GMM Bayes baseline of the shown evaluation is
// doing: pending while a worker fits it (or before one was asked), err when
// it could not be computed. Both are zero once Eval.GMM is set. Call it
// under the render lock (read or write).
func (a *App) BaselineStatus() (pending bool, err string) {
	e := a.Shown.Eval
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
	e := a.Shown.Eval
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
	e := a.Shown.Eval
	prev := a.currentBaselineJob()
	job := &baselineJob{eval: e}
	a.setBaselineJob(job)
	split := a.Split()
	if len(e.T) != len(e.Labels) || !sameRows(split.Valid.Y, e.Labels) {
		job.err = "the seed changed since this classifier was scored, so its validation stars are not the current split's; score it again to compare"
		return
	}
	// The baseline depends only on the split: reuse the last one when the
	// new classifier (an import, say) is scored on the same stars.
	if p := prev; p != nil && p.eval.GMM != nil && sameRows(p.eval.Labels, e.Labels) {
		e.GMMT, e.GMM = p.eval.GMMT, p.eval.GMM
		job.done = true
		return
	}
	a.evaluator().Baseline(a.State.Seed, split, func(b client.Baselined) {
		job.done = true
		switch {
		case b.Err != nil:
			job.err = b.Err.Error()
		case len(b.T) != len(e.T):
			job.err = fmt.Sprintf("the GMM baseline scored %d stars, want %d", len(b.T), len(e.T))
		default:
			r := experiment.Evaluate(b.T, e.Labels, e.N0, e.N1)
			e.GMMT, e.GMM = b.T, &r
		}
	})
}

// sameRows reports whether a and b are the same slice (the same split's
// labels), not merely equal.
func sameRows(a, b []int) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
