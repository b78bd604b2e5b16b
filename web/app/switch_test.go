package app_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	. "flowlab/web/app"
	"flowlab/web/internal/webtest"

	"flowlab/flow/data"
)

// gauss4App is n rows of four features in two classes.
func gauss4App(n int) *data.Dataset {
	d := &data.Dataset{Names: []string{"a", "b", "c", "d"}, Dim: 4, X: make([]float64, 4*n), Y: make([]int, n)}
	for i := range n {
		for j := range 4 {
			d.X[4*i+j] = float64((i*7+j*13)%17) / 17
		}
		d.Y[i] = i % 2
	}
	return d
}

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
		four := gauss4App(300)
		a.SetData(four, "four features", DatasetUpload)
		a.DataStatus("Ready.")
		if a.Session != nil || a.Flows[0] != nil || a.Eval != nil {
			t.Errorf("pause=%v: after the switch: session %v, flows %v, eval %v", pause, a.Session != nil, a.Flows, a.Eval)
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
		if a.Flows[0] != nil || a.Err != "" {
			t.Errorf("pause=%v: second switch: flows %v, error %q", pause, a.Flows, a.Err)
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
	if a.Flows[0] == nil {
		t.Fatal("no flows after training")
	}
	moons, err := data.Toy("moons", 400, 0.1, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	a.SetData(moons, "Two moons", "moons")
	if a.Flows[0] != nil || a.Eval != nil {
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
	a.Data = gauss4App(200)
	a.ScoreShown()
	if a.Flows[0] != nil || a.Eval != nil {
		t.Error("2-D flows were kept for 4-D data")
	}
}

// TestFailClipsLongErrors keeps an error that quotes a whole file short.
func TestFailClipsLongErrors(t *testing.T) {
	a := NewApp("")
	a.ImportPair([]byte(strings.Repeat("x", 100000)), strings.Repeat("n", 100000)+".json")
	if len(a.Err) > 1100 {
		t.Errorf("error of %d bytes shown", len(a.Err))
	}
}
