package app_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	. "flowlab/web/app"
	"flowlab/web/internal/webtest"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
)

// TestAppTrains trains through goroutine workers and checks that the app
// adopts the flows and the evaluation, then exports and re-imports them with
// identical scores.
func TestAppTrains(t *testing.T) {
	a, env := webtest.StartTraining(t, "layers=2&e0=3&e1=5&b0=64&b1=32")
	webtest.WaitPhase(t, a, env, client.PhaseDone)
	env.Lock()
	defer env.Unlock()
	if a.Shown.Flows[0] == nil || a.Shown.Eval == nil || a.Shown.Eval.GMM == nil {
		t.Fatalf("flows %v, eval %v", a.Shown.Flows, a.Shown.Eval)
	}
	// The GMM baseline is the right model for two Gaussians; the small
	// flows must come close to it.
	if a.Shown.Eval.Report.AUC < a.Shown.Eval.GMM.AUC-0.05 {
		t.Errorf("flow AUC %v, GMM AUC %v on two Gaussians", a.Shown.Eval.Report.AUC, a.Shown.Eval.GMM.AUC)
	}
	if !strings.Contains(a.Status, "Training finished") {
		t.Errorf("status %q", a.Status)
	}
	if want := fmt.Sprintf("trained in this page: Real NVP, quick preset (%d flows per class), seed 1", experiment.QuickMembers); a.Shown.Label != want {
		t.Errorf("label %q, want %q", a.Shown.Label, want)
	}
	// The classifier record owns the run's history (3 and 5 epochs a flow).
	for c, want := range [2]int{3 * experiment.QuickMembers, 5 * experiment.QuickMembers} {
		if got := len(a.Shown.History[c]); got != want {
			t.Errorf("class %d: the shown classifier has %d epochs of history, want %d", c, got, want)
		}
	}
	b, err := a.ExportPair()
	if err != nil {
		t.Fatal(err)
	}
	before := append([]float64(nil), a.Shown.Eval.T...)
	if err := a.ImportPair(b, "model.json"); err != nil {
		t.Fatal(err)
	}
	webtest.WaitScored(t, a, env)
	for c, want := range [2]int{3 * experiment.QuickMembers, 5 * experiment.QuickMembers} {
		if got := len(a.Shown.History[c]); got != want {
			t.Errorf("class %d: the imported classifier has %d epochs of history, want %d", c, got, want)
		}
	}
	for i := range before {
		if before[i] != a.Shown.Eval.T[i] {
			t.Fatalf("t[%d] changed after export and import: %v → %v", i, before[i], a.Shown.Eval.T[i])
		}
	}
	csv, err := a.ScoresCSV()
	if err != nil || !strings.HasPrefix(string(csv), "x1,x2,label,lnp_background,lnp_rrlyrae,t\n") {
		t.Errorf("scores CSV: %v %.80q", err, csv)
	}
}

// TestAppImportBadFileKeepsState checks that a bad import changes nothing.
func TestAppImportBadFileKeepsState(t *testing.T) {
	a := NewApp("")
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	a.Shown.Label = "something the user had"
	if err := a.ImportPair([]byte(`{"format":"nope"}`), "bad.json"); err == nil {
		t.Fatal("no error for a bad file")
	}
	if a.Shown.Label != "something the user had" || !strings.Contains(a.Err, "bad.json is not a usable Flow Lab model") {
		t.Errorf("label %q, err %q", a.Shown.Label, a.Err)
	}
}

// TestAppStop stops a long run; the app keeps what was trained.
func TestAppStop(t *testing.T) {
	a, env := webtest.StartTraining(t, "layers=2&e0=100000&e1=100000&b0=64&b1=32")
	time.Sleep(50 * time.Millisecond)
	env.Lock()
	a.Session.Stop()
	env.Unlock()
	webtest.WaitPhase(t, a, env, client.PhaseStopped)
	env.Lock()
	defer env.Unlock()
	if a.Shown.Flows[1] == nil || a.Shown.Eval == nil || !strings.Contains(a.Status, "Training stopped") {
		t.Errorf("after stop: flows %v eval %v status %q", a.Shown.Flows, a.Shown.Eval, a.Status)
	}
}

// TestAppPretrainedComesBack switches to a teaching set and back: the
// pretrained flows for the bundled data are shown again, and scored.
func TestAppPretrainedComesBack(t *testing.T) {
	a := NewApp("")
	bundled := webtest.ToyData(t) // stands in for the bundled data: same role, 2 features
	a.Bundled = bundled
	a.SetData(bundled, "bundled", DatasetBundled)
	f0, _ := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 1, Hidden: 1, Units: 4}, rand.New(rand.NewPCG(1, 1)))
	f1, _ := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 1, Hidden: 1, Units: 4}, rand.New(rand.NewPCG(2, 1)))
	p := experiment.NewPair("quick", 1, bundled.Names, bundled.Checksum(), [2]*flow.Model{f0.Model(), f1.Model()})
	a.SetPretrained(p, [2]*flow.Flow{f0, f1}, "pretrained")
	if a.Shown.Label != "pretrained" || a.Shown.Eval == nil {
		t.Fatalf("pretrained not shown: %q %v", a.Shown.Label, a.Shown.Eval)
	}
	three := &data.Dataset{Names: []string{"a", "b", "c"}, Dim: 3, X: make([]float64, 60), Y: make([]int, 20)}
	for i := range 10 {
		three.Y[i] = 1
	}
	a.SetData(three, "other", DatasetUpload)
	if a.Shown.Flows[0] != nil || a.Shown.Eval != nil {
		t.Fatal("flows for 2 features kept for 3-feature data")
	}
	a.SetData(bundled, "bundled", DatasetBundled)
	if a.Shown.Label != "pretrained" || a.Shown.Eval == nil || a.Shown.Flows[1] != f1 {
		t.Errorf("back on the bundled data: label %q, eval %v", a.Shown.Label, a.Shown.Eval)
	}
}

// TestBackgroundWorkers checks the automatic worker count: small flows
// train in one worker, paper-size ones share batches, and the URL wins.
func TestBackgroundWorkers(t *testing.T) {
	a := NewApp("")
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	if n := a.BackgroundWorkers(); n != 1 {
		t.Errorf("quick preset: %d workers, want 1", n)
	}
	a.Cores = 8
	if n := a.BackgroundWorkers(); n != 1 {
		t.Errorf("quick preset on 8 cores: %d workers, want 1", n)
	}
	a.State.ApplyPreset(experiment.PresetPaper)
	if n := a.BackgroundWorkers(); n != MaxAutoWorkers {
		t.Errorf("paper preset on 8 cores: %d workers, want %d", n, MaxAutoWorkers)
	}
	a.Cores = 2
	if n := a.BackgroundWorkers(); n != 1 {
		t.Errorf("paper preset on 2 cores: %d workers, want 1", n)
	}
	a.Cores = 3
	if n := a.BackgroundWorkers(); n != 2 {
		t.Errorf("paper preset on 3 cores: %d workers, want 2", n)
	}
	a.State.Workers = 3
	if n := a.BackgroundWorkers(); n != 3 {
		t.Errorf("#workers=3: %d workers", n)
	}
}
