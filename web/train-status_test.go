package main

import (
	"math"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
	"flowlab/web/app"
)

// TestTrainETA checks time left = steps left ÷ steps per second.
func TestTrainETA(t *testing.T) {
	tests := []struct {
		done, total int
		rate        float64
		want        float64
		ok          bool
	}{
		{0, 1000, 100, 10, true},
		{250, 1000, 50, 15, true},
		{1000, 1000, 50, 0, true},
		{1200, 1000, 50, 0, true}, // past the total (a rollback re-counts steps): nothing left
		{0, 1000, 0, 0, false},    // no speed yet
		{0, 0, 100, 0, false},     // total unknown
		{0, 1000, math.Inf(1), 0, false},
		{0, 1000, math.NaN(), 0, false},
	}
	for _, tc := range tests {
		got, ok := TrainETA(tc.done, tc.total, tc.rate)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("TrainETA(%d, %d, %g) = %g, %v; want %g, %v", tc.done, tc.total, tc.rate, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTrainRate checks the windowed speed estimate.
func TestTrainRate(t *testing.T) {
	var r trainRate
	if r.StepsPerSec() != 0 {
		t.Fatal("a rate before any observation")
	}
	r.Observe(1, 100)
	if r.StepsPerSec() != 0 {
		t.Fatal("a rate from one observation")
	}
	// 100 steps/s for 10 s, then 20 steps/s: after 5 more seconds the
	// window (5 s) sees only the slower speed.
	for s := 2; s <= 10; s++ {
		r.Observe(float64(s), 100*s)
	}
	if got := r.StepsPerSec(); math.Abs(got-100) > 1e-9 {
		t.Errorf("steady 100 steps/s measured as %g", got)
	}
	for s := 11; s <= 15; s++ {
		r.Observe(float64(s), 1000+20*(s-10))
	}
	if got := r.StepsPerSec(); math.Abs(got-20) > 1e-9 {
		t.Errorf("after slowing to 20 steps/s for a whole window: %g", got)
	}
	r.Observe(15, 5000) // no time passed: ignored
	if got := r.StepsPerSec(); math.Abs(got-20) > 1e-9 {
		t.Errorf("an observation without time passing changed the rate to %g", got)
	}
	r.Observe(0.5, 10) // a new run: starts over
	if r.StepsPerSec() != 0 || len(r.t) != 1 {
		t.Errorf("a step count going back should start over: %+v", r)
	}
}

// TestTrainDuration checks the time format.
func TestTrainDuration(t *testing.T) {
	for _, tc := range []struct {
		sec  float64
		want string
	}{{0.42, "0.4 s"}, {9.9, "9.9 s"}, {9.96, "10 s"}, {12.7, "13 s"}, {59.7, "1 min 00 s"}, {65, "1 min 05 s"}, {3599, "59 min 59 s"}, {3725, "1 h 02 min"}, {math.NaN(), "—"}, {-1, "—"}} {
		if got := TrainDuration(tc.sec); got != tc.want {
			t.Errorf("TrainDuration(%g) = %q, want %q", tc.sec, got, tc.want)
		}
	}
}

// TestTrainHealthText checks the health line.
func TestTrainHealthText(t *testing.T) {
	if got := TrainHealthText([2]TrainHealthClass{}); got != "" {
		t.Errorf("nothing known, got %q", got)
	}
	got := TrainHealthText([2]TrainHealthClass{
		{Known: true, LastGoodEpoch: 3, Rollbacks: 0, Saturation: 0},
		{Known: true, LastGoodEpoch: 0, Rollbacks: 1, Saturation: 0.0234},
	})
	for _, want := range []string{
		"background: last good epoch 3, 0 rollbacks, 0% of log-scales saturated",
		"RR Lyrae: last good epoch none yet, 1 rollback, 2.3% of log-scales saturated",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("health %q lacks %q", got, want)
		}
	}
	for _, tc := range []struct {
		f    float64
		want string
	}{{0, "0%"}, {0.0004, "<0.1%"}, {0.05, "5.0%"}, {0.5, "50%"}, {1, "100%"}} {
		if got := trainPercent(tc.f); got != tc.want {
			t.Errorf("trainPercent(%g) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestTrainHealthOf checks where the health numbers come from: live
// progress for rollbacks and saturation, the last epoch for the last good
// epoch, and a saved model's history.
func TestTrainHealthOf(t *testing.T) {
	cs := client.ClassState{
		History:  []flow.EpochStats{{Epoch: 1, LastGoodEpoch: 1}, {Epoch: 2, LastGoodEpoch: 1, Rollbacks: 1, Saturation: 0.1}},
		Progress: protocol.Progress{MaxEpochs: 5, Step: 40, Rollbacks: 2, Saturation: 0.2},
	}
	if got := trainHealthOf(cs); got != (TrainHealthClass{Known: true, LastGoodEpoch: 1, Rollbacks: 2, Saturation: 0.2}) {
		t.Errorf("live health %+v", got)
	}
	if got := trainHealthOf(client.ClassState{}); got.Known {
		t.Errorf("a class that has not started is known: %+v", got)
	}
	m := &flow.Model{History: cs.History}
	if got := trainHealthOfModel(m); got != (TrainHealthClass{Known: true, LastGoodEpoch: 1, Rollbacks: 1, Saturation: 0.1}) {
		t.Errorf("saved health %+v", got)
	}
	if got := trainHealthOfModel(nil); got.Known {
		t.Errorf("no model, health %+v", got)
	}
}

// TestTrainAnnouncement checks that the live region changes only in
// quarters, pauses and phase changes.
func TestTrainAnnouncement(t *testing.T) {
	if got := TrainAnnouncement(nil); got != "" {
		t.Errorf("no run: %q", got)
	}
	s := &client.Session{Phase: client.PhaseTraining}
	s.Class[0].Progress = protocol.Progress{State: protocol.StateRunning, MaxEpochs: 4, StepsPerEpoch: 100, Step: 130, Epoch: 1}
	s.Class[1].Progress = protocol.Progress{State: protocol.StateRunning, MaxEpochs: 4, StepsPerEpoch: 100, Step: 140, Epoch: 1}
	first := TrainAnnouncement(s)
	if first != "Training: background flow 25%, RR Lyrae flow 25%." {
		t.Errorf("announcement %q", first)
	}
	s.Class[0].Progress.Step = 190 // still in the same quarter: the same text, so nothing is re-read
	if got := TrainAnnouncement(s); got != first {
		t.Errorf("within a quarter the text changed: %q → %q", first, got)
	}
	s.Class[0].Progress.Step = 210
	if got := TrainAnnouncement(s); !strings.Contains(got, "background flow 50%") {
		t.Errorf("at 52%%: %q", got)
	}
	s.Class[0].Progress.State, s.Class[0].Progress.Epoch = protocol.StatePaused, 2
	s.Class[1].Done = &protocol.Done{Reason: flow.ReasonConverged}
	if got := TrainAnnouncement(s); got != "Paused: background flow paused after epoch 2 of 4, RR Lyrae flow done." {
		t.Errorf("paused: %q", got)
	}
	s.Phase = client.PhaseScoring
	if got := TrainAnnouncement(s); !strings.Contains(got, "scoring") {
		t.Errorf("scoring: %q", got)
	}
	s.Phase = client.PhaseDone
	if got := TrainAnnouncement(s); got != "" {
		t.Errorf("done (the status line says it): %q", got)
	}
}

// TestTrainRecorder checks the batch-loss trace: one point per new step,
// thinned by half beyond trainMaxPoints, and reset by a new run.
func TestTrainRecorder(t *testing.T) {
	a := app.NewApp("")
	s := &client.Session{Phase: client.PhaseTraining}
	s.Setup.Settings[0].BatchSize = 10
	a.Session = s
	defer delete(trainRecorders, a)
	r := trainRecorderFor(a)
	for step := 1; step <= trainMaxPoints+500; step++ {
		s.Class[0].Progress = protocol.Progress{State: protocol.StateRunning, MaxEpochs: 1, StepsPerEpoch: 1e6, Step: step,
			Loss: 1 / float64(step), LR: 1e-3, Seconds: float64(step) / 100}
		r.observe()
		r.observe() // a render without news adds nothing
	}
	pts := r.points[0]
	if len(pts) > trainMaxPoints || len(pts) < trainMaxPoints/2 {
		t.Errorf("%d points kept, want between %d and %d", len(pts), trainMaxPoints/2, trainMaxPoints)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].step <= pts[i-1].step || pts[i].loss != 1/float64(pts[i].step) {
			t.Fatalf("point %d: %+v after %+v", i, pts[i], pts[i-1])
		}
	}
	if len(r.points[1]) != 0 {
		t.Errorf("class 1 never reported but has %d points", len(r.points[1]))
	}
	if got := r.stepsPerSec(0); math.Abs(got-100) > 1e-6 {
		t.Errorf("steps/s %g, want 100", got)
	}
	eta, ok := r.eta(0)
	if want := float64(1e6-(trainMaxPoints+500)) / 100; !ok || math.Abs(eta-want) > 1e-6 {
		t.Errorf("eta %g, %v; want %g", eta, ok, want)
	}

	a.Session = &client.Session{Phase: client.PhaseTraining}
	if r := trainRecorderFor(a); len(r.points[0]) != 0 || r.session != a.Session {
		t.Errorf("a new session kept the old trace")
	}
}

// TestTrainWorkers checks the workers line: per class flow still training,
// its worker and helpers as the worker reports them (else as requested).
func TestTrainWorkers(t *testing.T) {
	s := &client.Session{Phase: client.PhaseTraining, Workers: [2]int{3, 1}}
	if got := trainWorkers(s); got != [2]int{3, 1} {
		t.Errorf("before any progress: %v, want the requested 3 and 1", got)
	}
	s.Class[0].Progress.Workers = 2 // the worker could start only one helper
	if got := TrainWorkersText(trainWorkers(s)); got != "3 workers in use: 2 share each background batch, 1 trains the RR Lyrae flow" {
		t.Errorf("workers line %q", got)
	}
	s.Class[0].Done = &protocol.Done{}
	if got := TrainWorkersText(trainWorkers(s)); got != "1 worker in use: 1 trains the RR Lyrae flow" {
		t.Errorf("after the background flow finished: %q", got)
	}
	s.Phase = client.PhaseScoring
	if got := TrainWorkersText(trainWorkers(s)); got != "" {
		t.Errorf("while scoring: %q", got)
	}
	if got := trainWorkers(nil); got != [2]int{} {
		t.Errorf("no run: %v", got)
	}
}
