package client

import (
	"fmt"
	"math"
	"slices"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// Conn is a connection to one training worker. Send must not block.
type Conn interface {
	Send(protocol.Message) error
	Close()
}

// Phases of a Session.
const (
	PhaseTraining = "training"
	PhaseScoring  = "scoring"
	PhaseDone     = "done"
	PhaseStopped  = "stopped"
	PhaseFailed   = "failed"
)

// ClassState is what the UI knows of one class's worker.
type ClassState struct {
	Progress protocol.Progress
	History  []flow.EpochStats
	Model    *flow.Model    // latest snapshot
	Done     *protocol.Done // set when training ended
	LogProb  []float64      // ln p of the validation rows under this class's flow
}

// Session trains the two class flows of one experiment in two workers.
// It is not safe for concurrent use: the UI calls it under its render lock.
type Session struct {
	Setup    experiment.Setup
	Seed     uint64
	Split    experiment.Split
	Features []string
	// Workers is, per class, how many workers compute each batch's gradient
	// (data-parallel training); 0 or 1 means the class's worker alone.
	Workers [2]int

	Phase  string
	Err    string // set in PhaseFailed
	Class  [2]ClassState
	T      []float64          // t = ln p0 − ln p1 on the validation rows, once done
	Report *experiment.Report // metrics on the validation rows, once done
	GMMT   []float64          // the GMM Bayes baseline's t on the validation rows
	// GMMLogProb is the baseline's ln p(x|c) of the validation rows per class.
	GMMLogProb [2][]float64
	GMM        *experiment.Report // the baseline's metrics, once done
	GMMErr     string             // why the baseline could not be fitted, if it could not

	// Scorer scores the run once both flows are trained, and fits the GMM
	// baseline, off the training workers (the app's Evaluator; nil: an
	// Evaluator that computes at once, for tests).
	Scorer Scorer
	// OnPhase, if set, runs after every change of Phase, under the same lock
	// as the call that changed it.
	OnPhase func(*Session)

	conns   [2]Conn
	seq     int
	scoreID int
	stopped bool
	scored  bool // the flows' scores arrived
	gmmDone bool
}

// Scorer scores a classifier and fits the GMM baseline (Evaluator); each
// done runs once, unless a later request of its kind came first.
type Scorer interface {
	Score(models [2]*flow.Model, x []float64, n int, done func(Scored))
	Baseline(seed uint64, split experiment.Split, done func(Baselined))
}

// NewSession prepares a session; Start sends the work. The Quick preset's
// epochs are sized for the split's rows (experiment.SizedFor), as the CLI's.
func NewSession(setup experiment.Setup, split experiment.Split, seed uint64, conns [2]Conn) *Session {
	return &Session{Setup: experiment.SizedFor(setup, split), Seed: seed, Split: split, Features: split.Train.Names, conns: conns, Phase: PhaseTraining}
}

func (s *Session) send(class int, m protocol.Message) {
	if err := s.conns[class].Send(m); err != nil {
		s.fail(fmt.Sprintf("class %d: %v", class, err))
	}
}

func (s *Session) next() int { s.seq++; return s.seq }

// Start gives each worker its class's rows and starts training.
func (s *Session) Start() {
	for c := range 2 {
		train, test := s.Split.Train.Class(c), s.Split.Test.Class(c)
		s.send(c, protocol.Init{Seq: s.next(), Class: c, Config: s.Setup.Config, Settings: s.Setup.Settings[c],
			Seed: s.Seed, Features: s.Features, NTrain: train.Len(), NTest: test.Len(), Train: train.X, Test: test.X,
			Workers: s.Workers[c]})
		s.send(c, protocol.Start{Seq: s.next()})
	}
}

// Pause asks both workers to pause.
func (s *Session) Pause() {
	s.broadcast(func(seq int) protocol.Message { return protocol.Pause{Seq: seq} })
}

// Resume asks both workers to continue.
func (s *Session) Resume() {
	s.broadcast(func(seq int) protocol.Message { return protocol.Resume{Seq: seq} })
	s.asked()
}

// StepEpoch asks both workers to train one more epoch, then pause.
func (s *Session) StepEpoch() {
	s.broadcast(func(seq int) protocol.Message { return protocol.StepEpoch{Seq: seq} })
	s.asked()
}

// asked marks the workers just asked to run as running until they report:
// a worker that has not answered yet is not paused (Paused).
func (s *Session) asked() {
	for c := range 2 {
		if s.Phase == PhaseTraining && s.Class[c].Done == nil {
			s.Class[c].Progress.State = protocol.StateRunning
		}
	}
}

// Stop ends training; each worker answers with its final snapshot, and the
// session then scores what was trained so far.
func (s *Session) Stop() {
	s.stopped = true
	s.broadcast(func(seq int) protocol.Message { return protocol.Stop{Seq: seq} })
}

func (s *Session) broadcast(mk func(seq int) protocol.Message) {
	if s.Phase != PhaseTraining {
		return
	}
	for c := range 2 {
		if s.Class[c].Done == nil {
			s.send(c, mk(s.next()))
		}
	}
}

// Close ends both workers.
func (s *Session) Close() {
	for _, c := range s.conns {
		if c != nil {
			c.Close()
		}
	}
}

// Paused reports whether every unfinished worker is paused.
func (s *Session) Paused() bool {
	unfinished := false
	for c := range 2 {
		if s.Class[c].Done == nil {
			if s.Class[c].Progress.State != protocol.StatePaused {
				return false
			}
			unfinished = true
		}
	}
	return unfinished
}

// Handle applies a message from the worker of class c.
func (s *Session) Handle(c int, m protocol.Message) {
	if c < 0 || c > 1 {
		return
	}
	cs := &s.Class[c]
	switch m := m.(type) {
	case protocol.Ready:
	case protocol.Progress:
		// A worker numbers its messages; a progress report older than the
		// one shown (possible if deliveries race) is ignored.
		if m.Seq >= cs.Progress.Seq {
			cs.Progress = m
		}
	case protocol.Epoch:
		// In epoch order: an ensemble's members training at once
		// (StartMembers) report their epochs interleaved.
		i := len(cs.History)
		for i > 0 && cs.History[i-1].Epoch > m.Stats.Epoch {
			i--
		}
		cs.History = slices.Insert(cs.History, i, m.Stats)
	case protocol.Snapshot:
		cs.Model = m.Model
	case protocol.Done:
		cs.Done = &m
		if m.Reason == flow.ReasonNonFinite {
			s.fail(fmt.Sprintf("class %d: %s", c, m.Error))
			return
		}
		if s.Class[0].Done != nil && s.Class[1].Done != nil && s.Phase == PhaseTraining {
			s.score()
		}
	case protocol.Failed:
		s.fail(fmt.Sprintf("class %d: %s", c, m.Message))
	}
}

// score hands the trained flows' final snapshots to the Scorer, which
// scores the validation rows in a worker of its own, and asks it for the
// GMM baseline; the session only trains.
func (s *Session) score() {
	if s.Class[0].Model == nil || s.Class[1].Model == nil {
		s.fail("a flow ended without a snapshot to score")
		return
	}
	s.setPhase(PhaseScoring)
	s.scoreID++
	id := s.scoreID
	sc := s.Scorer
	if sc == nil {
		sc = NewEvaluator(nil, nil)
	}
	s.scored, s.gmmDone = false, false
	for c := range 2 {
		s.Class[c].LogProb = nil
	}
	v := s.Split.Valid
	sc.Score([2]*flow.Model{s.Class[0].Model, s.Class[1].Model}, v.X, v.Len(), func(r Scored) {
		if id != s.scoreID || s.Phase != PhaseScoring {
			return
		}
		if r.Err != nil {
			s.fail(r.Err.Error())
			return
		}
		s.Class[0].LogProb, s.Class[1].LogProb, s.T, s.scored = r.LogProb[0], r.LogProb[1], r.T, true
		if s.gmmDone {
			s.finish()
		}
	})
	sc.Baseline(s.Seed, s.Split, func(b Baselined) {
		if id != s.scoreID || s.Phase != PhaseScoring {
			return
		}
		s.GMMT, s.GMMLogProb, s.gmmDone = b.T, b.LogProb, true
		if b.Err != nil {
			s.GMMErr = b.Err.Error()
		}
		if s.scored {
			s.finish()
		}
	})
}

// setPhase changes Phase and tells OnPhase.
func (s *Session) setPhase(p string) {
	if s.Phase == p {
		return
	}
	s.Phase = p
	if s.OnPhase != nil {
		s.OnPhase(s)
	}
}

// finish evaluates the scores (the Scorer computed t and refused a NaN).
func (s *Session) finish() {
	n0, n1 := s.Split.Train.Counts()
	r := experiment.Evaluate(s.T, s.Split.Valid.Y, n0, n1)
	s.Report = &r
	if s.GMMErr == "" && len(s.GMMT) == len(s.T) {
		g := experiment.Evaluate(s.GMMT, s.Split.Valid.Y, n0, n1)
		s.GMM = &g
	}
	if s.stopped {
		s.setPhase(PhaseStopped)
	} else {
		s.setPhase(PhaseDone)
	}
}

func (s *Session) fail(msg string) {
	if s.Phase == PhaseFailed {
		return
	}
	s.Err = msg
	s.setPhase(PhaseFailed)
}

// Flows rebuilds the two class flows from the latest snapshots (nil where a
// class has none yet).
func (s *Session) Flows() ([2]*flow.Flow, error) {
	var out [2]*flow.Flow
	for c := range 2 {
		if s.Class[c].Model == nil {
			continue
		}
		f, err := s.Class[c].Model.Flow()
		if err != nil {
			return out, err
		}
		out[c] = f
	}
	return out, nil
}

// Fraction is the overall training progress in [0, 1], by optimiser steps
// against the maximum the settings allow: 1 once the flow finished (its
// epochs or converged), the steps taken when it was stopped early.
func (s *Session) Fraction(c int) float64 {
	p := s.Class[c].Progress
	if d := s.Class[c].Done; d != nil && d.Reason != flow.ReasonCancelled {
		return 1
	}
	total := p.MaxEpochs * p.StepsPerEpoch
	if total <= 0 {
		return 0
	}
	return math.Min(1, float64(p.Step)/float64(total))
}

// Metrics returns the finished run's numbers on the validation rows
// (experiment.MetricsFor): the flows', and the GMM baseline's when it was
// fitted (nil otherwise). ok is false before the run is scored.
func (s *Session) Metrics() (flows experiment.SeedMetrics, gmm *experiment.SeedMetrics, ok bool) {
	if s.Report == nil || len(s.T) != s.Split.Valid.Len() {
		return flows, nil, false
	}
	labels := s.Split.Valid.Y
	flows = experiment.MetricsFor(*s.Report, s.T, [2][]float64{s.Class[0].LogProb, s.Class[1].LogProb}, labels)
	if s.GMM != nil && len(s.GMMLogProb[0]) == len(labels) && len(s.GMMLogProb[1]) == len(labels) {
		g := experiment.MetricsFor(*s.GMM, s.GMMT, s.GMMLogProb, labels)
		gmm = &g
	}
	return flows, gmm, true
}
