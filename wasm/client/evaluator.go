package client

import (
	"fmt"
	"math"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/driver"
	"flowlab/wasm/protocol"
)

// StartFunc starts one worker; deliver receives its messages in order, on a
// goroutine (the page's Web Worker, or an in-process driver in tests).
type StartFunc func(deliver func(protocol.Message)) (Conn, error)

// Locker is the render lock the evaluator's results are applied under:
// take it, then release it with or without a render.
type Locker interface {
	Lock()
	UnlockOnly()
	UnlockRender()
}

// Scored is a classifier scored on a set of rows: ln p(x) under each class
// flow and t = ln p₀ − ln p₁ per row, or why it could not be.
type Scored struct {
	LogProb [2][]float64
	T       []float64
	Err     error
}

// Baselined is the GMM Bayes baseline's t on the evaluation rows, or why it
// could not be fitted.
type Baselined struct {
	T []float64
	// LogProb is the baseline's ln p(x|c) of the evaluation rows per class.
	LogProb [2][]float64
	Err     error
}

// Evaluator scores any classifier — just trained, pretrained or imported —
// and fits the GMM Bayes baseline, always in workers, never on the page's
// thread. Each request gets one answer, a typed callback run under the
// render lock; a request overtaken by a newer one of the same kind (or by
// Close) is never answered. With no StartFunc (native tests) it computes at
// once, before returning.
type Evaluator struct {
	start StartFunc
	env   Locker

	score, gmm job
}

// job is one kind of request: the worker of the request under way (each
// request starts its own and ends it when answered) and that request's id.
type job struct {
	conn Conn
	id   int
}

// NewEvaluator returns an evaluator whose workers start with start and
// whose answers are applied under env.
func NewEvaluator(start StartFunc, env Locker) *Evaluator {
	return &Evaluator{start: start, env: env}
}

// Score scores n rows of x under both class flows of models. done runs once
// under the render lock with the result, unless a later Score or Close came
// first. Call it under the render lock.
func (e *Evaluator) Score(models [2]*flow.Model, x []float64, n int, done func(Scored)) {
	e.score.id++
	id := e.score.id
	if e.start == nil {
		done(finishScored(scoreNow(models, x, n)))
		return
	}
	var got Scored
	seen := 0
	conn, err := e.worker(&e.score, func(m protocol.Message) bool {
		sc, ok := m.(protocol.Scores)
		if !ok || sc.ID != id || sc.Class < 0 || sc.Class > 1 {
			return failedOnly(m, func(err error) { done(Scored{Err: err}) })
		}
		if sc.Error != "" && got.Err == nil {
			got.Err = fmt.Errorf("the %s flow could not score the stars: %s", experiment.ClassName(sc.Class), sc.Error)
		}
		got.LogProb[sc.Class] = sc.LogProb
		if seen++; seen == 2 {
			done(finishScored(got))
			return true
		}
		return false
	}, id)
	if err != nil {
		done(Scored{Err: err})
		return
	}
	if err := conn.Send(protocol.Evaluate{Seq: id, ID: id, Models: models, N: n, X: x}); err != nil {
		e.drop(&e.score)
		done(Scored{Err: fmt.Errorf("could not send the classifier to its worker: %w", err)})
	}
}

// Baseline fits the GMM Bayes baseline (astroML's 3-component Gaussian
// mixture per class) on the training rows and scores the evaluation rows
// with it. done runs once under the render lock, unless a later Baseline or
// Close came first. Call it under the render lock.
func (e *Evaluator) Baseline(seed uint64, split experiment.Split, done func(Baselined)) {
	e.gmm.id++
	id := e.gmm.id
	msg := baselineRequest(seed, split, id)
	if e.start == nil {
		d := driver.NewDriver(nil)
		var out Baselined
		d.Post = func(m protocol.Message) {
			if b, ok := m.(protocol.BaselineScores); ok {
				out = baselined(b)
			}
		}
		d.Handle(msg)
		done(out)
		return
	}
	conn, err := e.worker(&e.gmm, func(m protocol.Message) bool {
		b, ok := m.(protocol.BaselineScores)
		if !ok || b.ID != id {
			return failedOnly(m, func(err error) { done(Baselined{Err: err}) })
		}
		done(baselined(b))
		return true
	}, id)
	if err != nil {
		done(Baselined{Err: err})
		return
	}
	if err := conn.Send(msg); err != nil {
		e.drop(&e.gmm)
		done(Baselined{Err: fmt.Errorf("could not send the GMM baseline's data to its worker: %w", err)})
	}
}

// scoreNow scores on this goroutine, as a worker would, a panic included
// as an error.
func scoreNow(models [2]*flow.Model, x []float64, n int) (s Scored) {
	defer func() {
		if r := recover(); r != nil {
			s = Scored{Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	for c, m := range models {
		if s.LogProb[c], s.Err = driver.ScoreRows(m, x, n); s.Err != nil {
			return s
		}
	}
	return s
}

// baselineRequest is the Baseline message for a split: fit on the training
// rows, score the validation rows.
func baselineRequest(seed uint64, s experiment.Split, id int) protocol.Baseline {
	tr, v := s.Train, s.Valid
	labels := make([]float64, tr.Len())
	for i, y := range tr.Y {
		labels[i] = float64(y)
	}
	return protocol.Baseline{Seq: id, ID: id, Seed: seed, Dim: tr.Dim, NTrain: tr.Len(),
		NEval: v.Len(), Train: tr.X, Labels: labels, Eval: v.X}
}

func baselined(b protocol.BaselineScores) Baselined {
	if b.Error != "" {
		return Baselined{Err: fmt.Errorf("the GMM baseline could not be fitted: %s", b.Error)}
	}
	return Baselined{T: b.T, LogProb: b.LogProb}
}

// finishScored computes t from the two flows' ln p.
func finishScored(s Scored) Scored {
	if s.Err != nil {
		return Scored{Err: s.Err}
	}
	lp0, lp1 := s.LogProb[0], s.LogProb[1]
	if len(lp0) != len(lp1) {
		return Scored{Err: fmt.Errorf("the flows scored %d and %d stars", len(lp0), len(lp1))}
	}
	s.T = make([]float64, len(lp0))
	for i := range lp0 {
		s.T[i] = lp0[i] - lp1[i]
		if math.IsNaN(s.T[i]) {
			return Scored{Err: fmt.Errorf("validation row %d scored NaN", i)}
		}
	}
	return s
}

// failedOnly answers a worker's Failed message through fail and reports
// that the request is over; any other message is ignored.
func failedOnly(m protocol.Message, fail func(error)) bool {
	if f, ok := m.(protocol.Failed); ok {
		fail(fmt.Errorf("worker error: %s", f.Message))
		return true
	}
	return false
}

// worker returns j's worker, started if needed, with handle (run under the
// render lock) taking its messages for request id until it reports that the
// request is over. Messages for older requests are dropped.
func (e *Evaluator) worker(j *job, handle func(protocol.Message) bool, id int) (Conn, error) {
	if j.conn != nil {
		e.drop(j) // a worker busy with an older request is not waited for
	}
	var conn Conn
	over := false
	conn, err := e.start(func(m protocol.Message) {
		e.env.Lock()
		if over || j.id != id || j.conn != conn {
			e.env.UnlockOnly()
			return
		}
		if _, ready := m.(protocol.Ready); ready {
			e.env.UnlockOnly()
			return
		}
		over = handle(m)
		if over {
			e.drop(j)
		}
		e.env.UnlockRender()
	})
	if err != nil {
		return nil, fmt.Errorf("could not start a worker: %w", err)
	}
	j.conn = conn
	return conn, nil
}

// drop ends j's worker.
func (e *Evaluator) drop(j *job) {
	if j.conn != nil {
		j.conn.Close()
		j.conn = nil
	}
}

// Close ends every worker; no request still under way is answered.
func (e *Evaluator) Close() {
	e.score.id++
	e.gmm.id++
	e.drop(&e.score)
	e.drop(&e.gmm)
}
