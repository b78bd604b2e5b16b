package main

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
)

// TestSwitchDataDuringTraining is the regression test of the first crash of
// the reliability issue: choosing other data while a run is in progress
// (running or paused) ends the run, shows no flows of the old data, and a
// second switch scores nothing of the wrong shape.
func TestSwitchDataDuringTraining(t *testing.T) {
	for _, pause := range []bool{false, true} {
		a, env := startTraining(t, "layers=2&e0=100000&e1=100000&b0=64&b1=32")
		time.Sleep(30 * time.Millisecond)
		env.Lock()
		if pause {
			a.Session.Pause()
		}
		four := gauss4(300)
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
	a, env := startTraining(t, "layers=2&e0=2&e1=2&b0=64&b1=32")
	waitPhase(t, a, env, "done")
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
	a, env := startTraining(t, "layers=2&e0=2&e1=2&b0=64&b1=32")
	waitPhase(t, a, env, "done")
	env.Lock()
	defer env.Unlock()
	a.Data = gauss4(200)
	a.scoreShown()
	if a.Flows[0] != nil || a.Eval != nil {
		t.Error("2-D flows were kept for 4-D data")
	}
}

// TestHandlerGuard wraps a panicking handler: calling it reports the panic
// instead of propagating it, and a second build wraps no handler twice.
func TestHandlerGuard(t *testing.T) {
	var reported []string
	g := &handlerGuard{onPanic: func(what string, r any) { reported = append(reported, what) }}
	calls := 0
	long := strings.Repeat("a", 17000)
	child := &vugu.VGNode{Type: vugu.TextNode, Data: long}
	btn := &vugu.VGNode{Type: vugu.ElementNode, Data: "button", FirstChild: child,
		Attr: []vugu.VGAttribute{{Key: "title", Val: long}},
		DOMEventHandlerSpecList: []vugu.DOMEventHandlerSpec{{EventType: "click", Func: func(vugu.DOMEvent) {
			calls++
			panic("an action failed")
		}}}}
	res := &vugu.BuildResults{Out: &vugu.BuildOut{Out: []*vugu.VGNode{btn}}}
	g.guard(res)
	g.guard(res) // vugu reuses unchanged output: must not wrap again
	btn.DOMEventHandlerSpecList[0].Func(nil)
	if calls != 1 || len(reported) != 1 || reported[0] != "click" {
		t.Errorf("calls %d, reported %v", calls, reported)
	}
	if len(child.Data) > maxRenderString || len(btn.Attr[0].Val) > maxRenderString {
		t.Errorf("strings of %d and %d bytes reach the renderer", len(child.Data), len(btn.Attr[0].Val))
	}
	if !strings.Contains(child.Data, "17,000 characters") {
		t.Errorf("the shortened text does not say how long it was: %q", child.Data[len(child.Data)-40:])
	}
}

// TestClipText cuts at rune boundaries and leaves short strings alone.
func TestClipText(t *testing.T) {
	if got := clipText("short", 10); got != "short" {
		t.Errorf("clipText changed a short string: %q", got)
	}
	s := strings.Repeat("é", 100) // 2 bytes a rune
	got := clipText(s, 11)
	if !strings.HasPrefix(got, strings.Repeat("é", 5)+"…") {
		t.Errorf("clipText(%d bytes, 11) = %q", len(s), got)
	}
}

// TestFailClipsLongErrors keeps an error that quotes a whole file short.
func TestFailClipsLongErrors(t *testing.T) {
	a := NewApp("")
	a.fail(errorString(strings.Repeat("x", 100000)))
	if len(a.Err) > maxErrorText+40 {
		t.Errorf("error of %d bytes shown", len(a.Err))
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestCheckHeader refuses a 17,000-character name and a header of thousands
// of columns (a CR-only file read as one line), naming line 1 and the column.
func TestCheckHeader(t *testing.T) {
	long := []string{strings.Repeat("a", 17000), "b", "label"}
	wide := make([]string, 9000)
	for i := range wide {
		wide[i] = "c"
	}
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{long, "line 1: the name of column 1 is 17,000 characters long"},
		{wide, "line 1: the header line has 9,000 columns"},
	} {
		err := checkHeader(tc.header)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("checkHeader: %v, want %q", err, tc.want)
		}
	}
	if err := checkHeader([]string{"u_g", "g_r", "label"}); err != nil {
		t.Errorf("a good header refused: %v", err)
	}
}
