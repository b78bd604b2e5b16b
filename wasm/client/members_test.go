package client

import (
	"context"
	"sync"
	"testing"
	"time"

	"flowlab/flow/experiment"
	"flowlab/wasm/driver"
	"flowlab/wasm/protocol"
)

// memberHarness is in-process workers for StartMembers: each worker's
// replies are delivered when the harness pumps it, members taking turns, so
// their messages interleave as parallel workers' do.
type memberHarness struct {
	workers []*memberWorker
}

type memberWorker struct {
	local   *localConn
	deliver func(Message)
}

func (h *memberHarness) factory(class int, deliver func(Message)) (Conn, error) {
	w := &memberWorker{local: newLocal(class), deliver: deliver}
	h.workers = append(h.workers, w)
	return w.local, nil
}

// pump runs every worker a slice at a time until none has work.
func (h *memberHarness) pump(t *testing.T, maxSlices int) {
	t.Helper()
	if h.run(maxSlices) {
		t.Fatalf("still busy after %d slices", maxSlices)
	}
}

// run runs every worker a slice at a time, at most n times, and reports
// whether one still has work.
func (h *memberHarness) run(n int) bool {
	for range n {
		busy := false
		for _, w := range h.workers {
			if w.local.turn(w.deliver) {
				busy = true
			}
		}
		if !busy {
			return false
		}
	}
	return true
}

// TestParallelMembersMatchCLI trains each class's two flows in two workers
// at once: the session's t statistic is bit for bit the CLI's ensemble's,
// the history is in epoch order member after member, and the progress and
// the end add up both members.
func TestParallelMembersMatchCLI(t *testing.T) {
	setup, split, _ := smallSetup(t)
	k := setup.Settings[0].Members
	if k != 2 || setup.Settings[1].Members != 2 {
		t.Fatalf("the quick preset has %d and %d flows per class, this test wants 2", k, setup.Settings[1].Members)
	}
	h := &memberHarness{}
	var s *Session
	var conns [2]Conn
	for c := range 2 {
		conn, err := StartMembers(h.factory, c, k, func(m Message) { s.Handle(c, m) })
		if err != nil {
			t.Fatal(err)
		}
		conns[c] = conn
	}
	s = NewSession(setup, split, 3, conns)
	s.Start()
	h.pump(t, 100000)
	if s.Phase != PhaseDone || s.Report == nil {
		t.Fatalf("phase %s (%s)", s.Phase, s.Err)
	}
	if len(h.workers) != 4 {
		t.Fatalf("%d workers, want 4", len(h.workers))
	}
	want, _ := cliStatistic(t, setup, split, 3)
	sameStatistic(t, s.T, want, "the CLI's ensemble")
	sized := experiment.SizedFor(setup, split)
	for c := range 2 {
		cs := s.Class[c]
		e := sized.Settings[c].MaxEpochs
		if len(cs.History) != k*e {
			t.Fatalf("class %d: %d epochs in the history, want %d", c, len(cs.History), k*e)
		}
		for i, st := range cs.History {
			if st.Epoch != i+1 || st.Member != i/e {
				t.Fatalf("class %d: history[%d] is epoch %d of member %d, want epoch %d of member %d", c, i, st.Epoch, st.Member, i+1, i/e)
			}
		}
		if cs.Done == nil || cs.Done.Epochs != k*e || cs.Progress.Epoch != k*e || cs.Progress.MaxEpochs != k*e || cs.Progress.State != StateDone {
			t.Errorf("class %d: done %+v, progress %+v; want %d epochs", c, cs.Done, cs.Progress, k*e)
		}
		if cs.Model == nil || len(cs.Model.Members) != k-1 || cs.Model.Settings == nil || cs.Model.Settings.Members != k || len(cs.Model.History) != k*e {
			t.Errorf("class %d: the final snapshot is not the whole ensemble", c)
		}
		if s.Fraction(c) != 1 {
			t.Errorf("class %d: fraction %v", c, s.Fraction(c))
		}
	}
}

// TestParallelMembersStopAndFail: Stop ends every member (the run is
// scored as stopped), and one member's failure fails the run naming it.
func TestParallelMembersStopAndFail(t *testing.T) {
	setup, split, _ := smallSetup(t)
	setup.Settings[0].MaxEpochs, setup.Settings[1].MaxEpochs = 100000, 100000
	h := &memberHarness{}
	var s *Session
	var conns [2]Conn
	for c := range 2 {
		conn, err := StartMembers(h.factory, c, 2, func(m Message) { s.Handle(c, m) })
		if err != nil {
			t.Fatal(err)
		}
		conns[c] = conn
	}
	s = NewSession(setup, split, 3, conns)
	s.Start()
	if !h.run(20) { // not to the end: the runs are long
		t.Fatal("a run of 100,000 epochs ended")
	}
	s.Pause()
	h.pump(t, 1000)
	if !s.Paused() {
		t.Fatal("not paused after Pause")
	}
	// Step one epoch: one member has stepped and paused again, the other
	// has not answered yet, so the ensemble is not paused.
	s.StepEpoch()
	first := &memberHarness{workers: h.workers[:1]}
	first.pump(t, 1000)
	if s.Paused() {
		t.Errorf("paused while one member has not stepped yet: %+v %+v done %v %v", s.Class[0].Progress, s.Class[1].Progress, s.Class[0].Done, s.Class[1].Done)
	}
	h.pump(t, 1000)
	if !s.Paused() {
		t.Error("not paused after every member stepped")
	}
	s.Stop()
	h.pump(t, 1000)
	if s.Phase != PhaseStopped || s.Class[0].Done == nil || s.Class[0].Done.Reason != "cancelled" {
		t.Fatalf("after Stop: phase %s, done %+v", s.Phase, s.Class[0].Done)
	}

	h = &memberHarness{}
	conn, err := StartMembers(h.factory, 0, 2, func(m Message) { s.Handle(0, m) })
	if err != nil {
		t.Fatal(err)
	}
	s = NewSession(setup, split, 3, [2]Conn{conn, newLocal(1)})
	conn.(*memberConn).handle(1, protocol.Failed{Class: 0, Message: "boom"})
	if s.Phase != PhaseFailed || s.Err != "class 0: flow 2 of 2: boom" {
		t.Errorf("phase %s, error %q", s.Phase, s.Err)
	}
	if _, err := StartMembers(h.factory, 0, MaxParallelMembers+1, func(Message) {}); err == nil {
		t.Error("StartMembers took more members than MaxParallelMembers")
	}
}

// runWorker is an in-process worker on goroutines of its own, as a Web
// Worker is: its driver trains between messages and delivers on its
// goroutine.
type runWorker struct {
	in     chan protocol.Message
	cancel context.CancelFunc
}

func (w *runWorker) Send(m protocol.Message) error { w.in <- m; return nil }
func (w *runWorker) Close()                        { w.cancel() }

func startRunWorker(_ int, deliver func(Message)) (Conn, error) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &runWorker{in: make(chan protocol.Message, 64), cancel: cancel}
	go driver.NewDriver(deliver).Run(ctx, w.in)
	return w, nil
}

// TestParallelMembersUnderALock: members delivering on goroutines of their
// own into a session behind a lock, while the holder of that lock pauses and
// resumes them, neither deadlock nor lose the end of the run.
func TestParallelMembersUnderALock(t *testing.T) {
	setup, split, _ := smallSetup(t)
	var mu sync.Mutex // the page's render lock
	var s *Session
	var conns [2]Conn
	for c := range 2 {
		conn, err := StartMembers(startRunWorker, c, 2, func(m Message) {
			mu.Lock()
			defer mu.Unlock()
			s.Handle(c, m)
		})
		if err != nil {
			t.Fatal(err)
		}
		conns[c] = conn
	}
	mu.Lock()
	s = NewSession(setup, split, 3, conns)
	s.Start()
	mu.Unlock()
	defer s.Close()
	for i := range 100 {
		mu.Lock()
		if i%2 == 0 {
			s.Pause()
		} else {
			s.Resume()
		}
		mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	s.Resume()
	mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		phase, errText := s.Phase, s.Err
		mu.Unlock()
		if phase == PhaseDone {
			break
		}
		if phase == PhaseFailed || time.Now().After(deadline) {
			t.Fatalf("phase %s (%s) after a minute", phase, errText)
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	want, _ := cliStatistic(t, setup, split, 3)
	sameStatistic(t, s.T, want, "after pauses, the CLI's ensemble")
}
