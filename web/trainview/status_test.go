package trainview

import (
	"flowlab/web/app"
	"math"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/wasm/client"
)

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
	if got := TrainHealthText(app.ClassNamesFor(nil), [2]TrainHealthClass{}); got != "" {
		t.Errorf("nothing known, got %q", got)
	}
	got := TrainHealthText(app.ClassNamesFor(nil), [2]TrainHealthClass{
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
		Progress: client.Progress{MaxEpochs: 5, Step: 40, Rollbacks: 2, Saturation: 0.2},
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
	s.Class[0].Progress = client.Progress{State: client.StateRunning, MaxEpochs: 4, StepsPerEpoch: 100, Step: 130, Epoch: 1}
	s.Class[1].Progress = client.Progress{State: client.StateRunning, MaxEpochs: 4, StepsPerEpoch: 100, Step: 140, Epoch: 1}
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
	s.Class[0].Progress.State, s.Class[0].Progress.Epoch = client.StatePaused, 2
	s.Class[1].Done = &client.Done{Reason: flow.ReasonConverged}
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

// TestTrainWorkers checks the workers line: per class flow still training,
// its worker and helpers as the worker reports them (else as requested).
func TestTrainWorkers(t *testing.T) {
	s := &client.Session{Phase: client.PhaseTraining, Workers: [2]int{3, 1}}
	if got := trainWorkers(s).Count; got != [2]int{3, 1} {
		t.Errorf("before any progress: %v, want the requested 3 and 1", got)
	}
	s.Class[0].Progress.Workers = 2 // the worker could start only one helper
	if got := TrainWorkersText(app.ClassNamesFor(nil), trainWorkers(s)); got != "3 workers in use: 2 share each background batch, 1 trains the RR Lyrae flow" {
		t.Errorf("workers line %q", got)
	}
	s.Class[0].Done = &client.Done{}
	if got := TrainWorkersText(app.ClassNamesFor(nil), trainWorkers(s)); got != "1 worker in use: 1 trains the RR Lyrae flow" {
		t.Errorf("after the background flow finished: %q", got)
	}
	s.Phase = client.PhaseScoring
	if got := TrainWorkersText(app.ClassNamesFor(nil), trainWorkers(s)); got != "" {
		t.Errorf("while scoring: %q", got)
	}
	if got := trainWorkers(nil).Count; got != [2]int{} {
		t.Errorf("no run: %v", got)
	}
	// An ensemble's flows training at once, one per worker (client.StartMembers).
	s = &client.Session{Phase: client.PhaseTraining}
	s.Class[0].Progress.Workers, s.Class[0].Progress.Members = 2, 2
	s.Class[1].Progress.Workers, s.Class[1].Progress.Members = 1, 1
	if got := TrainWorkersText(app.ClassNamesFor(nil), trainWorkers(s)); got != "3 workers in use: 2 train one background flow each, 1 trains the RR Lyrae flow" {
		t.Errorf("members in parallel: %q", got)
	}
}
