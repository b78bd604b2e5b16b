package client

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/driver"
	"flowlab/wasm/protocol"
)

// testLock is a Locker that counts renders.
type testLock struct {
	sync.Mutex
	renders int
}

func (l *testLock) UnlockOnly()   { l.Unlock() }
func (l *testLock) UnlockRender() { l.renders++; l.Unlock() }

// goWorker is an in-process worker on its own goroutine: messages cross the
// codec as on the wire and are answered in order.
type goWorker struct {
	in     chan protocol.Message
	closed chan struct{}
	once   sync.Once
}

func (w *goWorker) Send(m protocol.Message) error {
	wire, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	m2, err := protocol.Decode(wire)
	if err != nil {
		return err
	}
	w.in <- m2
	return nil
}

func (w *goWorker) Close() { w.once.Do(func() { close(w.closed) }) }

func startGoWorker(deliver func(protocol.Message)) (Conn, error) {
	w := &goWorker{in: make(chan protocol.Message, 8), closed: make(chan struct{})}
	d := driver.NewDriver(deliver)
	go func() {
		for {
			select {
			case m := <-w.in:
				d.Handle(m)
			case <-w.closed:
				return
			}
		}
	}()
	return w, nil
}

// evalCase is a small trained-looking classifier and a validation split.
func evalCase(t *testing.T) ([2]*flow.Flow, experiment.Split) {
	t.Helper()
	d, err := data.Toy("moons", 800, 0.1, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	split := experiment.SplitData(d, data.PaperSplit, 5)
	var flows [2]*flow.Flow
	for c := range 2 {
		rng := rand.New(rand.NewPCG(uint64(c)+11, 2))
		f, err := flow.New(flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 3, Hidden: 1, Units: 8}, rng)
		if err != nil {
			t.Fatal(err)
		}
		mask := f.ParamMask()
		for i := range f.Params {
			f.Params[i] += 0.3 * rng.NormFloat64() * mask[i]
		}
		flows[c] = f
	}
	return flows, split
}

// TestEvaluatorScoresLikeTheFlows checks that a classifier scored through
// the evaluator — at once, and in a worker across the codec — gives t and
// ln p bit for bit equal to scoring the flows directly.
func TestEvaluatorScoresLikeTheFlows(t *testing.T) {
	flows, split := evalCase(t)
	v := split.Valid
	n := v.Len()
	want, lp0, lp1 := make([]float64, n), make([]float64, n), make([]float64, n)
	experiment.TestStatistic(want, lp0, lp1, flows, v.X, n)
	models := [2]*flow.Model{flows[0].Model(), flows[1].Model()}
	check := func(name string, s Scored) {
		t.Helper()
		if s.Err != nil || len(s.T) != n {
			t.Fatalf("%s: %v, %d scores", name, s.Err, len(s.T))
		}
		for i := range n {
			if s.T[i] != want[i] || s.LogProb[0][i] != lp0[i] || s.LogProb[1][i] != lp1[i] {
				t.Fatalf("%s: row %d: t %v ln p %v %v, want %v %v %v", name, i, s.T[i], s.LogProb[0][i], s.LogProb[1][i], want[i], lp0[i], lp1[i])
			}
		}
	}

	var now Scored
	NewEvaluator(nil, nil).Score(models, v.X, n, func(s Scored) { now = s })
	check("at once", now)

	lock := &testLock{}
	e := NewEvaluator(startGoWorker, lock)
	got := make(chan Scored, 2)
	lock.Lock()
	e.Score(models, v.X, n, func(s Scored) { got <- s })
	e.Score(models, v.X, n, func(s Scored) { got <- s }) // overtakes the first
	lock.Unlock()
	select {
	case s := <-got:
		check("in a worker", s)
	case <-time.After(20 * time.Second): // a hang guard
		t.Fatal("the worker never answered")
	}
	time.Sleep(50 * time.Millisecond)
	if len(got) != 0 {
		t.Error("an overtaken request was answered too")
	}
}

// TestEvaluatorRefusesBadModels checks that a model that does not fit the
// rows is an error, not a panic.
func TestEvaluatorRefusesBadModels(t *testing.T) {
	flows, split := evalCase(t)
	v := split.Valid
	bad := flows[1].Model()
	bad.Params = bad.Params[:3]
	var s Scored
	NewEvaluator(nil, nil).Score([2]*flow.Model{flows[0].Model(), bad}, v.X, v.Len(), func(r Scored) { s = r })
	if s.Err == nil {
		t.Error("a model with missing parameters scored")
	}
	short := v.X[:len(v.X)-1]
	NewEvaluator(nil, nil).Score([2]*flow.Model{flows[0].Model(), flows[1].Model()}, short, v.Len(), func(r Scored) { s = r })
	if s.Err == nil {
		t.Error("rows of the wrong size scored")
	}
}

// TestEvaluatorBaseline checks the GMM baseline in a worker against the
// same fit done directly.
func TestEvaluatorBaseline(t *testing.T) {
	_, split := evalCase(t)
	want, err := experiment.GMMBaseline(split.Train, split.Valid.X, split.Valid.Len(), 7)
	if err != nil {
		t.Fatal(err)
	}
	lock := &testLock{}
	e := NewEvaluator(startGoWorker, lock)
	got := make(chan Baselined, 1)
	lock.Lock()
	e.Baseline(7, split, func(b Baselined) { got <- b })
	lock.Unlock()
	select {
	case b := <-got:
		if b.Err != nil || len(b.T) != len(want) {
			t.Fatalf("%v, %d values", b.Err, len(b.T))
		}
		for i := range want {
			if b.T[i] != want[i] {
				t.Fatalf("row %d: %v, want %v", i, b.T[i], want[i])
			}
		}
	case <-time.After(30 * time.Second): // a hang guard
		t.Fatal("the worker never answered")
	}
	lock.Lock() // the answer is applied, then rendered, under the lock
	defer lock.Unlock()
	if lock.renders != 1 {
		t.Errorf("%d renders, want 1", lock.renders)
	}
}
