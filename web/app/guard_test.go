package app_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"flowlab/flow/data"
	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// TestSwitchDataDuringTraining is the regression test of the first crash of
// the reliability issue: choosing other data while a run is in progress
// (running or paused) ends the run, shows no flows of the old data, and a
// second switch scores nothing of the wrong shape.
func TestSwitchDataDuringTraining(t *testing.T) {
	for _, pause := range []bool{false, true} {
		a, env := webtest.StartTraining(t, "layers=2&e0=100000&e1=100000&b0=64&b1=32")
		time.Sleep(30 * time.Millisecond)
		env.Lock()
		if pause {
			a.Session.Pause()
		}
		four := webtest.Gauss4(300)
		a.SetData(four, "four features", app.DatasetUpload)
		a.DataStatus("Ready.")
		if a.Session != nil || a.Shown.Flows[0] != nil || a.Shown.Eval != nil {
			t.Errorf("pause=%v: after the switch: session %v, flows %v, eval %v", pause, a.Session != nil, a.Shown.Flows, a.Shown.Eval)
		}
		if !strings.Contains(a.Status, "training run in progress was ended") {
			t.Errorf("pause=%v: status %q", pause, a.Status)
		}
		env.Unlock()
		time.Sleep(50 * time.Millisecond) // late worker messages must change nothing
		env.Lock()
		moons, err := data.Toy("moons", 400, 0.1, rand.New(rand.NewPCG(2, 2)))
		if err != nil {
			t.Fatal(err)
		}
		a.SetData(moons, "Two moons", "moons")
		a.DataStatus("Ready.")
		if a.Status != "Ready." {
			t.Errorf("pause=%v: no run was ended by the second switch, yet the status says %q", pause, a.Status)
		}
		if a.Shown.Flows[0] != nil || a.Err != "" {
			t.Errorf("pause=%v: second switch: flows %v, error %q", pause, a.Shown.Flows, a.Err)
		}
		env.Unlock()
	}
}

// TestSwitchTeachingSetDropsFlows trains on one teaching set and switches to
// another with the same feature names: its flows are not shown for it.
func TestSwitchTeachingSetDropsFlows(t *testing.T) {
	a, env := webtest.StartTraining(t, "layers=2&e0=2&e1=2&b0=64&b1=32")
	webtest.WaitPhase(t, a, env, "done")
	env.Lock()
	defer env.Unlock()
	if a.Shown.Flows[0] == nil {
		t.Fatal("no flows after training")
	}
	moons, err := data.Toy("moons", 400, 0.1, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	a.SetData(moons, "Two moons", "moons")
	if a.Shown.Flows[0] != nil || a.Shown.Eval != nil {
		t.Errorf("the two-Gaussians flows are shown for two moons")
	}
}

// TestScoreShownRefusesOtherShapes puts 2-D flows beside 4-D data, as the
// crash did, and requires them dropped instead of a panic.
func TestScoreShownRefusesOtherShapes(t *testing.T) {
	a, env := webtest.StartTraining(t, "layers=2&e0=2&e1=2&b0=64&b1=32")
	webtest.WaitPhase(t, a, env, "done")
	env.Lock()
	defer env.Unlock()
	a.Data = webtest.Gauss4(200)
	a.ScoreShown()
	if a.Shown.Flows[0] != nil || a.Shown.Eval != nil {
		t.Error("2-D flows were kept for 4-D data")
	}
}
