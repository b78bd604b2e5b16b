package app_test

import (
	"fmt"
	"strings"
	"testing"

	"flowlab/flow/experiment"

	"flowlab/wasm/client"
	"flowlab/web/internal/webtest"
)

// TestDivergedRunIsReportedAsFailed trains the divergent settings
// (a deep MADE with learning rate 0.1, no standardisation, batches of 4, no
// early stop): the run must say it failed, with a suggestion, and never
// "Training finished"; the runs list records the failure.
func TestDivergedRunIsReportedAsFailed(t *testing.T) {
	a, env := webtest.StartTraining(t, "model=made&layers=8&hidden=2&units=64&lr0=0.1&lr1=0.1&std=0&b1=4&tol=-1&e0=2std=0&b1=4&tol=-1&e0=2std=0&b1=4&tol=-1&e0=2&e1=20e1=30e1=10")
	webtest.WaitPhase(t, a, env, client.PhaseDone)
	env.Lock()
	defer env.Unlock()
	if strings.Contains(a.Status, "finished") || !strings.HasPrefix(a.Status, "Training failed") {
		t.Errorf("status %q, want a failure", a.Status)
	}
	if !strings.HasPrefix(a.Err, "Training failed: the ") || !strings.Contains(a.Err, "diverged") {
		t.Errorf("error %q, want the flow that diverged and why", a.Err)
	}
	// The Quick preset's two flows per class are judged one by one: the
	// message names the member that diverged.
	if !strings.Contains(a.Err, fmt.Sprintf(" flow (1 of %d): ", experiment.QuickMembers)) {
		t.Errorf("error %q does not name the ensemble member that diverged", a.Err)
	}
	if n := len(a.Runs); n != 1 || a.Runs[0].Failed == "" {
		t.Errorf("runs %+v, want one failed run", a.Runs)
	}
}

// TestSoundRunIsReportedAsFinished trains sensible settings: no failure.
func TestSoundRunIsReportedAsFinished(t *testing.T) {
	a, env := webtest.StartTraining(t, "layers=2&e0=20&e1=20&b0=64&b1=32")
	webtest.WaitPhase(t, a, env, client.PhaseDone)
	env.Lock()
	defer env.Unlock()
	if !strings.HasPrefix(a.Status, "Training finished: ROC AUC") || a.Err != "" || a.Runs[0].Failed != "" {
		t.Errorf("status %q, error %q, run failure %q", a.Status, a.Err, a.Runs[0].Failed)
	}
}
