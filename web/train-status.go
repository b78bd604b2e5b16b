package main

import (
	"fmt"
	"math"
	"strings"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
	"flowlab/web/app"
	"flowlab/web/format"
)

// trainRateWindow is how much training time (seconds) the speed estimate
// looks back over.
const trainRateWindow = 5.0

// trainRate estimates recent optimiser steps per second of training time
// from observations of (training seconds, step count).
type trainRate struct {
	t []float64
	n []int
}

// Observe records that step steps had been taken after sec seconds of
// training. Observations that do not move forward in time are ignored; a
// step count that went back (a new run) starts over.
func (r *trainRate) Observe(sec float64, step int) {
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
	for drop+1 < len(r.t) && r.t[len(r.t)-1]-r.t[drop+1] >= trainRateWindow {
		drop++
	}
	if drop > 0 {
		r.t, r.n = append(r.t[:0], r.t[drop:]...), append(r.n[:0], r.n[drop:]...)
	}
}

// StepsPerSec is the step rate over the window, or 0 before two
// observations.
func (r *trainRate) StepsPerSec() float64 {
	k := len(r.t)
	if k < 2 || r.t[k-1] <= r.t[0] {
		return 0
	}
	return float64(r.n[k-1]-r.n[0]) / (r.t[k-1] - r.t[0])
}

// TrainETA is the time left, in seconds, to take the remaining steps of
// total at stepsPerSec; ok is false when it cannot be estimated (no rate
// yet or nothing known about the total).
func TrainETA(done, total int, stepsPerSec float64) (sec float64, ok bool) {
	if total <= 0 || !(stepsPerSec > 0) || math.IsInf(stepsPerSec, 0) {
		return 0, false
	}
	left := max(total-done, 0)
	return float64(left) / stepsPerSec, true
}

// TrainDuration formats seconds for people: "0.4 s", "12 s", "3 min 05 s",
// "1 h 02 min".
func TrainDuration(sec float64) string {
	switch {
	case !(sec >= 0):
		return "—"
	case sec < 9.95:
		return fmt.Sprintf("%.1f s", sec)
	case sec < 59.5:
		return fmt.Sprintf("%.0f s", math.Round(sec))
	case sec < 3599.5:
		s := int(math.Round(sec))
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	}
	m := int(math.Round(sec / 60))
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// trainPoint is one observed batch loss.
type trainPoint struct {
	step     int
	loss, lr float64
}

// trainMaxPoints bounds each class's batch-loss trace; beyond it every
// second point is dropped.
const trainMaxPoints = 3000

// trainRecorder keeps what a run's messages do not: the batch loss and
// learning rate as the page saw them between epochs, and the recent speed.
// It is fed at every build of the train view (≤ 10 per second).
type trainRecorder struct {
	session *client.Session
	points  [2][]trainPoint
	rate    [2]trainRate
	every   [2]int // keep one point in every[c] (doubles when the trace is thinned)
	seen    [2]int // points offered since the last kept one
}

// trainRecorders holds one recorder per App (the page has one), so the trace
// outlives the view component when the visitor switches views. Used under
// the render lock.
var trainRecorders = map[*app.App]*trainRecorder{}

// trainRecorderFor returns a's recorder, reset when a's session changed.
func trainRecorderFor(a *app.App) *trainRecorder {
	r := trainRecorders[a]
	if r == nil {
		r = &trainRecorder{}
		trainRecorders[a] = r
	}
	if r.session != a.Session {
		*r = trainRecorder{session: a.Session}
	}
	return r
}

// observe records the session's latest progress.
func (r *trainRecorder) observe() {
	s := r.session
	if s == nil {
		return
	}
	for c := range 2 {
		p := s.Class[c].Progress
		if p.Step <= 0 || p.MaxEpochs == 0 {
			continue
		}
		if p.State == protocol.StateRunning {
			r.rate[c].Observe(p.Seconds, p.Step)
		}
		pts := r.points[c]
		if len(pts) > 0 && p.Step <= pts[len(pts)-1].step {
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
		pts = append(pts, trainPoint{p.Step, p.Loss, p.LR})
		if len(pts) > trainMaxPoints {
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

// stepsPerSec is class c's recent speed: from the observed window, else
// from the worker's samples/s and the batch size.
func (r *trainRecorder) stepsPerSec(c int) float64 {
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

// eta is class c's time left in seconds under its epoch limit.
func (r *trainRecorder) eta(c int) (float64, bool) {
	s := r.session
	if s == nil || s.Class[c].Done != nil {
		return 0, false
	}
	p := s.Class[c].Progress
	return TrainETA(p.Step, p.MaxEpochs*p.StepsPerEpoch, r.stepsPerSec(c))
}

// trainWorkers is, per class flow still training, how many workers compute
// its batches (its worker plus data-parallel helpers); 0 for a class that
// is done, and both 0 when no run is training.
func trainWorkers(s *client.Session) (per [2]int) {
	if s == nil || s.Phase != client.PhaseTraining {
		return per
	}
	for c := range 2 {
		if s.Class[c].Done != nil {
			continue
		}
		w := s.Class[c].Progress.Workers
		if w <= 0 {
			w = s.Workers[c]
		}
		per[c] = max(w, 1)
	}
	return per
}

// TrainWorkersText says how many workers a run uses and for what, e.g. "3
// workers in use: 2 share each background batch, 1 trains the RR Lyrae
// flow"; "" when none are.
func TrainWorkersText(per [2]int) string {
	total := per[0] + per[1]
	if total == 0 {
		return ""
	}
	var parts []string
	for c := range 2 {
		switch n := per[c]; {
		case n == 1:
			parts = append(parts, "1 trains the "+experiment.ClassName(c)+" flow")
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d share each %s batch", n, experiment.ClassName(c)))
		}
	}
	return fmt.Sprintf("%d %s in use: %s", total, format.Plural(total, "worker"), strings.Join(parts, ", "))
}

// TrainHealthClass is one class flow's numerical health.
type TrainHealthClass struct {
	Known         bool
	LastGoodEpoch int
	Rollbacks     int
	Saturation    float64 // fraction in [0, 1]
}

// trainHealthOf reads health from a run's class state (live progress for
// rollbacks and saturation, the last epoch for the last good epoch).
func trainHealthOf(cs client.ClassState) TrainHealthClass {
	h := TrainHealthClass{}
	if n := len(cs.History); n > 0 {
		last := cs.History[n-1]
		h = TrainHealthClass{Known: true, LastGoodEpoch: last.LastGoodEpoch, Rollbacks: last.Rollbacks, Saturation: last.Saturation}
	}
	if p := cs.Progress; p.MaxEpochs > 0 && p.Step > 0 {
		h.Known = true
		h.Rollbacks = max(h.Rollbacks, p.Rollbacks)
		h.Saturation = p.Saturation
	}
	return h
}

// trainHealthOfModel reads health from a saved flow's training history.
func trainHealthOfModel(m *flow.Model) TrainHealthClass {
	if m == nil || len(m.History) == 0 {
		return TrainHealthClass{}
	}
	last := m.History[len(m.History)-1]
	return TrainHealthClass{Known: true, LastGoodEpoch: last.LastGoodEpoch, Rollbacks: last.Rollbacks, Saturation: last.Saturation}
}

// TrainHealthText is the health line for both classes, e.g. "background:
// last good epoch 3, 0 rollbacks, 0.2% saturated · RR Lyrae: …"; "" when
// nothing is known.
func TrainHealthText(h [2]TrainHealthClass) string {
	var parts []string
	total := 0
	for c := range 2 {
		if !h[c].Known {
			continue
		}
		total += h[c].Rollbacks
		good := "none yet"
		if h[c].LastGoodEpoch > 0 {
			good = fmt.Sprint(h[c].LastGoodEpoch)
		}
		parts = append(parts, fmt.Sprintf("%s: last good epoch %s, %d %s, %s of log-scales saturated",
			experiment.ClassName(c), good, h[c].Rollbacks, format.Plural(h[c].Rollbacks, "rollback"), trainPercent(h[c].Saturation)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ")
}

// trainPercent formats a fraction as a percentage with sensible precision.
func trainPercent(f float64) string {
	p := 100 * f
	switch {
	case p == 0:
		return "0%"
	case p < 0.1:
		return "<0.1%"
	case p < 10:
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.0f%%", p)
}

// TrainAnnouncement is the polite screen-reader line for a run: it changes
// only at phase changes, pauses and each quarter of a class's progress, so
// that it is not chatty. "" when there is no run.
func TrainAnnouncement(s *client.Session) string {
	if s == nil {
		return ""
	}
	switch s.Phase {
	case client.PhaseScoring:
		return "Both flows have stopped training; scoring the validation stars."
	case client.PhaseDone, client.PhaseStopped, client.PhaseFailed:
		return "" // the page's status line says how the run ended
	}
	var parts []string
	for c := range 2 {
		name := experiment.ClassName(c) + " flow"
		p := s.Class[c].Progress
		switch {
		case s.Class[c].Done != nil:
			parts = append(parts, name+" done")
		case p.MaxEpochs == 0:
			parts = append(parts, name+" starting")
		case p.State == protocol.StatePaused:
			parts = append(parts, fmt.Sprintf("%s paused after epoch %d of %d", name, p.Epoch, p.MaxEpochs))
		default:
			q := int(math.Floor(s.Fraction(c)*4)) * 25
			parts = append(parts, fmt.Sprintf("%s %d%%", name, min(q, 100)))
		}
	}
	lead := "Training: "
	if s.Paused() {
		lead = "Paused: "
	}
	return lead + strings.Join(parts, ", ") + "."
}
