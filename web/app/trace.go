package app

import (
	"math"

	"flowlab/wasm/client"
)

// rateWindow is how much training time (seconds) the speed estimate
// looks back over.
const rateWindow = 5.0

// rate estimates recent optimiser steps per second of training time
// from observations of (training seconds, step count).
type rate struct {
	t []float64
	n []int
	// held is the rate before a pause, shown after Resume until the new
	// observations span minSpan: the window then starts at the resume, so
	// the time left neither jumps on the first reports nor mixes the
	// worker's pace before and after the pause.
	held float64
}

// minSpan is the least training time (seconds) a fresh window must span
// before its rate replaces the held one.
const minSpan = 1.5

// Restart starts the window over (the run resumed after a pause), holding
// the current rate until the new window has spanned minSpan.
func (r *rate) Restart() {
	if v := r.StepsPerSec(); v > 0 {
		r.held = v
	}
	r.t, r.n = r.t[:0], r.n[:0]
}

// Observe records that step steps had been taken after sec seconds of
// training. Observations that do not move forward in time are ignored; a
// step count that went back (a new run) starts over.
func (r *rate) Observe(sec float64, step int) {
	if k := len(r.t); k > 0 {
		if step < r.n[k-1] {
			r.t, r.n = r.t[:0], r.n[:0]
		} else if sec <= r.t[k-1] {
			return
		}
	}
	r.t, r.n = append(r.t, sec), append(r.n, step)
	// Keep one observation older than the window, so the estimate always spans it.
	drop := 0
	for drop+1 < len(r.t) && r.t[len(r.t)-1]-r.t[drop+1] >= rateWindow {
		drop++
	}
	if drop > 0 {
		r.t, r.n = append(r.t[:0], r.t[drop:]...), append(r.n[:0], r.n[drop:]...)
	}
}

// StepsPerSec is the step rate over the window, or 0 before two
// observations.
func (r *rate) StepsPerSec() float64 {
	k := len(r.t)
	if k < 2 || r.t[k-1] <= r.t[0] || (r.held > 0 && r.t[k-1]-r.t[0] < minSpan) {
		return r.held
	}
	return float64(r.n[k-1]-r.n[0]) / (r.t[k-1] - r.t[0])
}

// ETA is the time left, in seconds, to take the remaining steps of
// total at stepsPerSec; ok is false when it cannot be estimated (no rate
// yet or nothing known about the total).
func ETA(done, total int, stepsPerSec float64) (sec float64, ok bool) {
	if total <= 0 || !(stepsPerSec > 0) || math.IsInf(stepsPerSec, 0) {
		return 0, false
	}
	left := max(total-done, 0)
	return float64(left) / stepsPerSec, true
}

// TracePoint is one observed batch loss.
type TracePoint struct {
	Step     int
	Loss, LR float64
}

// MaxTracePoints bounds each class's batch-loss trace; beyond it every
// second point is dropped.
const MaxTracePoints = 3000

// Trace keeps what a run's messages do not: the batch loss and
// learning rate as the page saw them between epochs, and the recent speed.
// The app feeds it every worker message, whatever view is on screen.
type Trace struct {
	session *client.Session
	points  [2][]TracePoint
	rate    [2]rate
	every   [2]int  // keep one point in every[c] (doubles when the trace is thinned)
	paused  [2]bool // class c's last progress said paused
	seen    [2]int  // points offered since the last kept one
}

// observe records the session's latest progress.
func (r *Trace) observe() {
	s := r.session
	if s == nil {
		return
	}
	for c := range 2 {
		p := s.Class[c].Progress
		if p.Step <= 0 || p.MaxEpochs == 0 {
			continue
		}
		if p.State == client.StateRunning {
			if r.paused[c] {
				r.rate[c].Restart()
			}
			r.rate[c].Observe(p.Seconds, p.Step)
		}
		r.paused[c] = p.State == client.StatePaused
		pts := r.points[c]
		if len(pts) > 0 && p.Step <= pts[len(pts)-1].Step {
			continue
		}
		if math.IsNaN(p.Loss) || math.IsInf(p.Loss, 0) || p.Loss == 0 {
			continue
		}
		if r.every[c] == 0 {
			r.every[c] = 1
		}
		r.seen[c]++
		if r.seen[c] < r.every[c] {
			continue
		}
		r.seen[c] = 0
		pts = append(pts, TracePoint{p.Step, p.Loss, p.LR})
		if len(pts) > MaxTracePoints {
			k := 0
			for i := 0; i < len(pts); i += 2 {
				pts[k] = pts[i]
				k++
			}
			pts = pts[:k]
			r.every[c] *= 2
		}
		r.points[c] = pts
	}
}

// StepsPerSec is class c's recent speed: from the observed window, else
// from the worker's samples/s and the batch size.
func (r *Trace) StepsPerSec(c int) float64 {
	if v := r.rate[c].StepsPerSec(); v > 0 {
		return v
	}
	if r.session == nil {
		return 0
	}
	p := r.session.Class[c].Progress
	bs := r.session.Setup.Settings[c].BatchSize
	if p.SamplesPerSec > 0 && bs > 0 {
		return p.SamplesPerSec / float64(bs)
	}
	return 0
}

// ETA is class c's time left in seconds under its epoch limit.
func (r *Trace) ETA(c int) (float64, bool) {
	s := r.session
	if s == nil || s.Class[c].Done != nil {
		return 0, false
	}
	p := s.Class[c].Progress
	return ETA(p.Step, p.MaxEpochs*p.StepsPerEpoch, r.StepsPerSec(c))
}

// Points is class c's batch-loss trace, oldest first.
func (r *Trace) Points(c int) []TracePoint { return r.points[c] }
