package app

import (
	"math"
	"testing"

	"flowlab/wasm/client"
)

// TestRate checks the windowed speed estimate.
func TestRate(t *testing.T) {
	var r rate
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

// TestETA checks time left = steps left ÷ steps per second.
func TestETA(t *testing.T) {
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
		got, ok := ETA(tc.done, tc.total, tc.rate)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("ETA(%d, %d, %g) = %g, %v; want %g, %v", tc.done, tc.total, tc.rate, got, ok, tc.want, tc.ok)
		}
	}
}

// TestTrace checks the batch-loss trace: one point per new step,
// thinned by half beyond MaxTracePoints, and reset by a new run.
func TestTrace(t *testing.T) {
	a := NewApp("")
	s := &client.Session{Phase: client.PhaseTraining}
	s.Setup.Settings[0].BatchSize = 10
	a.Session = s
	r := a.Trace()
	for step := 1; step <= MaxTracePoints+500; step++ {
		s.Class[0].Progress = client.Progress{State: client.StateRunning, MaxEpochs: 1, StepsPerEpoch: 1e6, Step: step,
			Loss: 1 / float64(step), LR: 1e-3, Seconds: float64(step) / 100}
		r.observe()
		r.observe() // no news adds nothing
	}
	pts := r.points[0]
	if len(pts) > MaxTracePoints || len(pts) < MaxTracePoints/2 {
		t.Errorf("%d points kept, want between %d and %d", len(pts), MaxTracePoints/2, MaxTracePoints)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].Step <= pts[i-1].Step || pts[i].Loss != 1/float64(pts[i].Step) {
			t.Fatalf("point %d: %+v after %+v", i, pts[i], pts[i-1])
		}
	}
	if len(r.points[1]) != 0 {
		t.Errorf("class 1 never reported but has %d points", len(r.points[1]))
	}
	if got := r.StepsPerSec(0); math.Abs(got-100) > 1e-6 {
		t.Errorf("steps/s %g, want 100", got)
	}
	eta, ok := r.ETA(0)
	if want := float64(1e6-(MaxTracePoints+500)) / 100; !ok || math.Abs(eta-want) > 1e-6 {
		t.Errorf("eta %g, %v; want %g", eta, ok, want)
	}

	a.Session = &client.Session{Phase: client.PhaseTraining}
	if r := a.Trace(); len(r.points[0]) != 0 || r.session != a.Session {
		t.Errorf("a new session kept the old trace")
	}
}

// After a pause the rate is held until the new window spans minSpan, then
// it is the pace since the resume alone.
func TestRateRestart(t *testing.T) {
	var r rate
	for i := 0; i <= 10; i++ {
		r.Observe(float64(i), 100*i) // 100 steps/s
	}
	r.Restart()
	r.Observe(10.2, 1010)
	if got := r.StepsPerSec(); got != 100 {
		t.Fatalf("just after the resume: %v steps/s, want the held 100", got)
	}
	r.Observe(10.6, 1030)
	if got := r.StepsPerSec(); got != 100 {
		t.Fatalf("0.4 s after the resume: %v steps/s, want the held 100", got)
	}
	r.Observe(12.2, 1110) // 50 steps/s since the resume
	if got := r.StepsPerSec(); math.Abs(got-50) > 1e-9 {
		t.Fatalf("2 s after the resume: %v steps/s, want 50", got)
	}
}
