package main

import (
	"fmt"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// scoreChunk is how many validation stars are scored between two yields to
// the browser: about 20 ms for the paper's flows in wasm.
const scoreChunk = 256

// setEval shows e (nil: nothing) and cancels any scoring still under way.
func (a *App) setEval(e *Evaluation) {
	a.scoreGen++
	a.Eval, a.Scoring = e, ""
}

// scoreShown scores the shown flows on the current data's validation split.
// Without a render environment (tests) it does so at once. In the page a
// goroutine scores copies of the flows in chunks, yielding to the browser in
// between, so a paper-size classifier (about 0.7 s of work here) never
// freezes the page; Scoring says what is happening meanwhile, and a later
// change of flows or data discards the result.
func (a *App) scoreShown() {
	for _, f := range a.Flows {
		if f == nil || a.Data == nil || f.Dim() != a.Data.Dim {
			// Never score flows against data of another shape: drop them.
			a.Flows, a.Pair, a.FlowLabel = [2]*flow.Flow{}, nil, ""
			a.setEval(nil)
			return
		}
	}
	split := a.Split()
	if a.Env == nil {
		a.setEval(evaluateChunked(a.Flows, split, func() {}))
		return
	}
	var clones [2]*flow.Flow
	for c, f := range a.Flows {
		g, err := f.Model().Flow()
		if err != nil {
			a.fail(err)
			return
		}
		clones[c] = g
	}
	a.setEval(nil)
	a.Scoring = fmt.Sprintf("Scoring the classifier on the %s validation stars…", groupThousands(split.Valid.Len()))
	gen, env := a.scoreGen, a.Env
	go func() {
		var e *Evaluation
		failure := func() (r any) {
			defer func() { r = recover() }()
			e = evaluateChunked(clones, split, inspectYield)
			return nil
		}()
		env.Lock()
		defer env.UnlockRender()
		a.scoringsEnded++
		if a.scoreGen != gen {
			return
		}
		if failure != nil {
			logPanic("scoring the classifier", failure)
			a.Scoring = ""
			a.Recovered("scoring the classifier", failure)
			return
		}
		a.setEval(e)
	}()
}

// evaluateChunked computes t = ln p₀ − ln p₁ for every validation star, a
// chunk at a time with yield in between, and the report at cut 0.
func evaluateChunked(flows [2]*flow.Flow, split experiment.Split, yield func()) *Evaluation {
	v := split.Valid
	n, d := v.Len(), v.Dim
	t := make([]float64, n)
	lp0, lp1 := make([]float64, scoreChunk), make([]float64, scoreChunk)
	for lo := 0; lo < n; lo += scoreChunk {
		hi := min(n, lo+scoreChunk)
		experiment.TestStatistic(t[lo:hi], lp0[:hi-lo], lp1[:hi-lo], flows, v.X[lo*d:hi*d], hi-lo)
		yield()
	}
	n0, n1 := split.Train.Counts()
	return &Evaluation{T: t, Labels: v.Y, N0: n0, N1: n1, Report: experiment.Evaluate(t, v.Y, n0, n1)}
}
