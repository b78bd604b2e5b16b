package app

import (
	"fmt"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/format"
)

// setEval shows e (nil: nothing) and cancels any scoring still under way.
func (a *App) setEval(e *Evaluation) {
	a.scoreGen++
	a.Shown.Eval, a.Shown.Scoring = e, ""
}

// evaluator returns the app's evaluator, which scores classifiers and fits
// the GMM baseline in workers (at once, on this thread, when the app has no
// render environment or no workers: tests).
func (a *App) evaluator() *client.Evaluator {
	if a.Env == nil || a.NewConn == nil {
		return a.newEvaluator() // at once; the app may get workers later
	}
	if a.eval == nil {
		a.eval = a.newEvaluator()
	}
	return a.eval
}

// newEvaluator returns an evaluator whose workers are the app's (one that
// computes at once without a render environment or workers: tests).
func (a *App) newEvaluator() *client.Evaluator {
	if a.Env == nil || a.NewConn == nil {
		return client.NewEvaluator(nil, nil)
	}
	start := func(deliver func(m client.Message)) (client.Conn, error) { return a.NewConn(1, deliver) }
	return client.NewEvaluator(start, a.Env)
}

// ScoreShown scores the shown flows on the current data's validation split
// in a worker, so that even a paper-size classifier never blocks the page;
// Scoring says what is happening meanwhile, and a later change of flows or
// data discards the result. Without a render environment (tests) it scores
// at once.
func (a *App) ScoreShown() {
	for _, f := range a.Shown.Flows {
		if f == nil || a.Data == nil || f.Dim() != a.Data.Dim {
			// Never score flows against data of another shape: drop them.
			a.Shown = Classifier{}
			a.setEval(nil)
			return
		}
	}
	split := a.Split()
	var models [2]*flow.Model
	for c, f := range a.Shown.Flows {
		models[c] = f.Model()
	}
	a.setEval(nil)
	a.Shown.Scoring = a.Words(fmt.Sprintf("Scoring the classifier on the %s validation {rows}…", format.Thousands(split.Valid.Len())))
	gen := a.scoreGen
	v := split.Valid
	a.evaluator().Score(models, v.X, v.Len(), func(s client.Scored) {
		a.scoringsEnded++
		if a.scoreGen != gen {
			return
		}
		if s.Err != nil {
			a.setEval(nil)
			a.fail(fmt.Errorf("the classifier could not be scored: %w", s.Err))
			return
		}
		a.safely("evaluating the scores", func() { a.setEval(newEvaluation(split, s.T, s.LogProb)) })
	})
}

// newEvaluation is the evaluation of t (and each class flow's ln p) on the
// split's validation rows, with the report at cut 0 and the prior cut.
func newEvaluation(split experiment.Split, t []float64, lp [2][]float64) *Evaluation {
	v := split.Valid
	n0, n1 := split.Train.Counts()
	return &Evaluation{T: t, LogProb: lp, Rows: v, Labels: v.Y, N0: n0, N1: n1, Report: experiment.Evaluate(t, v.Y, n0, n1)}
}
