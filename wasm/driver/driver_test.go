package driver

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// recorder collects what a driver posts.
type recorder struct {
	mu   sync.Mutex
	msgs []protocol.Message
	ch   chan protocol.Message
}

func (r *recorder) post(m protocol.Message) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	if r.ch != nil {
		r.ch <- m
	}
}

func (r *recorder) kinds() map[protocol.Kind]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := map[protocol.Kind]int{}
	for _, m := range r.msgs {
		n[m.Kind()]++
	}
	return n
}

func gaussRows(n, d int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n*d)
	for i := range x {
		x[i] = rng.NormFloat64()*0.5 + float64(i%d)
	}
	return x
}

func testInit(epochs int) protocol.Init {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 8}
	return protocol.Init{Class: 1, Config: cfg, Settings: flow.TrainSettings{BatchSize: 50, MaxEpochs: epochs, Tol: -1},
		Seed: 7, Features: []string{"a", "b"}, NTrain: 200, NTest: 50, Train: gaussRows(200, 2, 1), Test: gaussRows(50, 2, 2)}
}

// TestDriverTrainsLikeExperiment runs a whole training through messages and
// requires the final snapshot to equal training the same class directly with
// experiment (same seed ⇒ same parameters), and LogProb scores to match.
func TestDriverTrainsLikeExperiment(t *testing.T) {
	rec := &recorder{}
	d := NewDriver(rec.post)
	in := testInit(4)
	d.Handle(in)
	d.Handle(protocol.Start{})
	for d.state == protocol.StateRunning {
		d.trainSlice()
	}
	k := rec.kinds()
	if k[protocol.KindEpoch] != 4 || k[protocol.KindDone] != 1 || k[protocol.KindFailed] != 0 {
		t.Fatalf("messages: %v", k)
	}
	var last protocol.Snapshot
	var done protocol.Done
	for _, m := range rec.msgs {
		switch v := m.(type) {
		case protocol.Snapshot:
			last = v
		case protocol.Done:
			done = v
		}
	}
	if done.Reason != flow.ReasonMaxEpochs || done.Epochs != 4 || done.Class != 1 {
		t.Errorf("done = %+v", done)
	}
	f, tr, err := experiment.NewClassTrainer(in.Config, in.Settings, in.Train, in.Test, in.Seed, in.Class)
	if err != nil {
		t.Fatal(err)
	}
	tr.Run(context.Background(), nil)
	for i, p := range f.Model().Params {
		if p != last.Model.Params[i] {
			t.Fatalf("parameter %d: driver %v, direct %v", i, last.Model.Params[i], p)
		}
	}
	if len(last.Model.History) != 4 {
		t.Errorf("snapshot history has %d epochs", len(last.Model.History))
	}
	// Scores are ln p under the trained flow.
	d.Handle(protocol.Score{ID: 3, N: 50, X: in.Test})
	sc, ok := rec.msgs[len(rec.msgs)-1].(protocol.Scores)
	if !ok || sc.ID != 3 || len(sc.LogProb) != 50 {
		t.Fatalf("last message %#v", rec.msgs[len(rec.msgs)-1])
	}
	want := make([]float64, 50)
	f.LogProb(want, in.Test, 50)
	for i := range want {
		if math.Abs(want[i]-sc.LogProb[i]) > 0 {
			t.Fatalf("score %d: %v, want %v", i, sc.LogProb[i], want[i])
		}
	}
}

// TestDriverStopAndStep checks Pause, StepEpoch and Stop through Run.
func TestDriverStopAndStep(t *testing.T) {
	rec := &recorder{ch: make(chan protocol.Message, 1000)}
	d := NewDriver(rec.post)
	d.Slice = time.Millisecond
	inbox := make(chan protocol.Message)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go d.Run(ctx, inbox)
	waitFor := func(ok func(protocol.Message) bool) protocol.Message {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case m := <-rec.ch:
				if ok(m) {
					return m
				}
			case <-timeout:
				t.Fatal("timed out waiting for a message")
			}
		}
	}
	inbox <- testInit(1000)
	waitFor(func(m protocol.Message) bool { return m.Kind() == protocol.KindProgress })
	inbox <- protocol.StepEpoch{}
	ep := waitFor(func(m protocol.Message) bool { return m.Kind() == protocol.KindEpoch }).(protocol.Epoch)
	if ep.Stats.Epoch != 1 {
		t.Errorf("first epoch is %d", ep.Stats.Epoch)
	}
	waitFor(func(m protocol.Message) bool {
		p, ok := m.(protocol.Progress)
		return ok && p.State == protocol.StatePaused && p.Epoch == 1
	})
	inbox <- protocol.Resume{}
	waitFor(func(m protocol.Message) bool {
		p, ok := m.(protocol.Progress)
		return ok && p.State == protocol.StateRunning
	})
	inbox <- protocol.Stop{}
	done := waitFor(func(m protocol.Message) bool { return m.Kind() == protocol.KindDone }).(protocol.Done)
	if done.Reason != flow.ReasonCancelled || done.Epochs >= 1000 {
		t.Errorf("done = %+v", done)
	}
}

// TestDriverErrors checks that misuse is reported, never panics.
func TestDriverErrors(t *testing.T) {
	rec := &recorder{}
	d := NewDriver(rec.post)
	d.Handle(protocol.Start{})
	d.Handle(protocol.Score{N: 1, X: []float64{1, 2}})
	bad := testInit(1)
	bad.Config.Model = "nope"
	d.Handle(bad)
	good := testInit(1)
	d.Handle(good)
	d.Handle(protocol.Score{N: 2, X: []float64{1, 2, 3}})
	if n := rec.kinds()[protocol.KindFailed]; n != 4 {
		t.Errorf("%d failures reported, want 4: %v", n, rec.msgs)
	}
}

// TestDriverSurvivesPanics makes handling a message panic (a helper pool
// that panics as it starts) and requires a Failed report, then a normal run
// on the same driver: a worker never exits on an internal error.
func TestDriverSurvivesPanics(t *testing.T) {
	rec := &recorder{ch: make(chan protocol.Message, 1000)}
	d := NewDriver(rec.post)
	d.NewPool = func(int) (Pool, error) { panic("pool exploded") }
	inbox := make(chan protocol.Message, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go d.Run(ctx, inbox)

	bad := testInit(1)
	bad.Workers = 2
	inbox <- bad
	inbox <- protocol.Start{}
	waitFor := func(k protocol.Kind) protocol.Message {
		t.Helper()
		for {
			select {
			case m := <-rec.ch:
				if m.Kind() == k {
					return m
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("no %s message", k)
				return nil
			}
		}
	}
	f := waitFor(protocol.KindFailed).(protocol.Failed)
	if !strings.Contains(f.Message, "internal error") {
		t.Errorf("failure %q, want the recovered panic", f.Message)
	}
	inbox <- testInit(2)
	inbox <- protocol.Start{}
	waitFor(protocol.KindDone)
}

// TestDriverThrottlesSnapshots trains hundreds of tiny epochs: snapshots go
// out at most every SnapshotEvery (plus the final one), each epoch still has
// its Epoch message, and the last snapshot holds the final parameters.
func TestDriverThrottlesSnapshots(t *testing.T) {
	rec := &recorder{}
	d := NewDriver(rec.post)
	d.Handle(testInit(300))
	start := time.Now()
	d.Handle(protocol.Start{})
	for d.state == protocol.StateRunning {
		d.trainSlice()
	}
	elapsed := time.Since(start)
	k := rec.kinds()
	most := 2 + int(elapsed/d.SnapshotEvery)
	if k[protocol.KindEpoch] != 300 || k[protocol.KindSnapshot] < 1 || k[protocol.KindSnapshot] > most {
		t.Fatalf("%d epochs, %d snapshots in %v (at most %d allowed)", k[protocol.KindEpoch], k[protocol.KindSnapshot], elapsed, most)
	}
	var last protocol.Snapshot
	for _, m := range rec.msgs {
		if s, ok := m.(protocol.Snapshot); ok {
			last = s
		}
	}
	if len(last.Model.History) != 300 {
		t.Errorf("the last snapshot has %d epochs of history, want 300", len(last.Model.History))
	}
}
