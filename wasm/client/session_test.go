package client

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/driver"
	"flowlab/wasm/protocol"
)

// localConn is an in-process worker: messages to it are queued, and the
// harness delivers them to a driver whose replies are queued for the session.
type localConn struct {
	class  int
	d      *driver.Driver
	toWork []protocol.Message
	toUI   []protocol.Message
	sent   []protocol.Message // everything the session sent
	closed bool
}

func (c *localConn) Send(m protocol.Message) error {
	// Encode and decode, as the real bridge does.
	w, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	m2, err := protocol.Decode(w)
	if err != nil {
		return err
	}
	c.toWork = append(c.toWork, m2)
	c.sent = append(c.sent, m2)
	return nil
}

func (c *localConn) Close() { c.closed = true }

func newLocal(class int) *localConn {
	c := &localConn{class: class}
	c.d = driver.NewDriver(func(m protocol.Message) { c.toUI = append(c.toUI, m) })
	return c
}

// turn lets c's driver handle what was sent to it, train one slice if it
// is running and hands its replies to deliver; it reports whether there was
// anything to do.
func (c *localConn) turn(deliver func(protocol.Message)) bool {
	busy := false
	for len(c.toWork) > 0 {
		m := c.toWork[0]
		c.toWork = c.toWork[1:]
		c.d.Handle(m)
		busy = true
	}
	if c.d.State() == protocol.StateRunning {
		c.d.TrainSlice()
		busy = true
	}
	for len(c.toUI) > 0 {
		m := c.toUI[0]
		c.toUI = c.toUI[1:]
		deliver(m)
		busy = true
	}
	return busy
}

// pump runs the session and both drivers until nothing is left to do.
func pump(t *testing.T, s *Session, conns [2]*localConn, maxSlices int, each func(slice int)) {
	t.Helper()
	for slice := 0; slice < maxSlices; slice++ {
		busy := false
		for _, c := range conns {
			if c.turn(func(m protocol.Message) { s.Handle(c.class, m) }) {
				busy = true
			}
		}
		if each != nil {
			each(slice)
		}
		if !busy {
			return
		}
	}
	t.Fatalf("still busy after %d slices (phase %s)", maxSlices, s.Phase)
}

func smallSetup(t *testing.T) (experiment.Setup, experiment.Split, *data.Dataset) {
	rng := rand.New(rand.NewPCG(4, 4))
	d := &data.Dataset{Names: []string{"a", "b"}, Dim: 2}
	for i := range 600 {
		y := 0
		if i%6 == 0 {
			y = 1
		}
		d.X = append(d.X, rng.NormFloat64()+3*float64(y), rng.NormFloat64()*0.5-2*float64(y))
		d.Y = append(d.Y, y)
	}
	setup, err := experiment.Preset(experiment.PresetQuick, flow.ModelRealNVP, 2)
	if err != nil {
		t.Fatal(err)
	}
	setup.Config.Layers = 2
	setup.Settings[0].MaxEpochs, setup.Settings[1].MaxEpochs = 5, 10
	setup.Settings[0].BatchSize, setup.Settings[1].BatchSize = 64, 16
	return setup, experiment.SplitData(d, data.PaperSplit, 3), d
}

// cliStatistic trains setup on split natively, as the CLI does, and
// returns the t statistic of the validation rows and the flows.
func cliStatistic(t *testing.T, setup experiment.Setup, split experiment.Split, seed uint64) ([]float64, [2]*flow.Flow) {
	t.Helper()
	flows, _, err := experiment.TrainClasses(context.Background(), setup, split, seed, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := split.Valid.Len()
	want := make([]float64, n)
	experiment.TestStatistic(want, nil, nil, flows, split.Valid.X, n)
	return want, flows
}

// sameStatistic fails unless got is want bit for bit; from names want.
func sameStatistic(t *testing.T, got, want []float64, from string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d values of t, %s gives %d", len(got), from, len(want))
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("t[%d] = %v, %s gives %v", i, got[i], from, want[i])
		}
	}
}

// TestSessionMatchesCLI runs a whole session through in-process workers and
// requires the same t statistic and report as training directly with
// experiment (what the CLI does) for the same seed.
func TestSessionMatchesCLI(t *testing.T) {
	setup, split, _ := smallSetup(t)
	conns := [2]*localConn{newLocal(0), newLocal(1)}
	s := NewSession(setup, split, 3, [2]Conn{conns[0], conns[1]})
	s.Start()
	pump(t, s, conns, 100000, nil)
	if s.Phase != PhaseDone || s.Report == nil {
		t.Fatalf("phase %s (%s), report %v", s.Phase, s.Err, s.Report)
	}
	want, flows := cliStatistic(t, setup, split, 3)
	sameStatistic(t, s.T, want, "the CLI path")
	n := split.Valid.Len()
	gmmT, gmmLP, err := experiment.GMMBaselineDensities(split.Train, split.Valid.X, n, 3)
	if err != nil {
		t.Fatal(err)
	}
	// The seed's metrics are the CLI's (experiment.MetricsFor on the same numbers).
	lp0, lp1 := make([]float64, n), make([]float64, n)
	experiment.TestStatistic(make([]float64, n), lp0, lp1, flows, split.Valid.X, n)
	n0, n1 := split.Train.Counts()
	wantFlow := experiment.MetricsFor(experiment.Evaluate(want, split.Valid.Y, n0, n1), want, [2][]float64{lp0, lp1}, split.Valid.Y)
	wantGMM := experiment.MetricsFor(experiment.Evaluate(gmmT, split.Valid.Y, n0, n1), gmmT, gmmLP, split.Valid.Y)
	gotFlow, gotGMM, ok := s.Metrics()
	if !ok || gotGMM == nil || gotFlow != wantFlow || *gotGMM != wantGMM {
		t.Errorf("metrics %+v, GMM %+v (ok %v), the CLI path gives %+v and %+v", gotFlow, gotGMM, ok, wantFlow, wantGMM)
	}
	if s.GMM == nil || len(s.GMMT) != n {
		t.Fatalf("no GMM baseline: %q", s.GMMErr)
	}
	for i := range gmmT {
		if gmmT[i] != s.GMMT[i] {
			t.Fatalf("GMM t[%d] = %v, direct %v", i, s.GMMT[i], gmmT[i])
		}
	}
	if s.Report.AUC < 0.9 {
		t.Errorf("AUC %v on well separated classes", s.Report.AUC)
	}
	// The Quick preset is sized for the rows, as the CLI's (experiment.SizedFor).
	sized := experiment.SizedFor(setup, split)
	k := [2]int{max(1, sized.Settings[0].Members), max(1, sized.Settings[1].Members)} // flows per class, each its epochs
	if len(s.Class[0].History) != k[0]*sized.Settings[0].MaxEpochs || len(s.Class[1].History) != k[1]*sized.Settings[1].MaxEpochs ||
		sized.Settings[0].MaxEpochs < 5 || sized.Settings[1].MaxEpochs < 10 {
		t.Errorf("histories %d and %d epochs, sized %d and %d", len(s.Class[0].History), len(s.Class[1].History),
			sized.Settings[0].MaxEpochs, sized.Settings[1].MaxEpochs)
	}
	got, err := s.Flows()
	if err != nil || got[0] == nil || got[1] == nil {
		t.Fatalf("Flows: %v", err)
	}
	if f := s.Fraction(0); f != 1 {
		t.Errorf("fraction %v after done", f)
	}
}

// TestSessionStop stops training early: both workers report Done with the
// cancelled reason and the session still scores what it has.
func TestSessionStop(t *testing.T) {
	setup, split, _ := smallSetup(t)
	setup.Settings[0].MaxEpochs, setup.Settings[1].MaxEpochs = 100000, 100000
	conns := [2]*localConn{newLocal(0), newLocal(1)}
	s := NewSession(setup, split, 3, [2]Conn{conns[0], conns[1]})
	s.Start()
	pump(t, s, conns, 100000, func(slice int) {
		if slice == 5 {
			s.Stop()
		}
	})
	if s.Phase != PhaseStopped {
		t.Fatalf("phase %s (%s)", s.Phase, s.Err)
	}
	for c := range 2 {
		if s.Class[c].Done == nil || s.Class[c].Done.Reason != flow.ReasonCancelled {
			t.Errorf("class %d done = %+v", c, s.Class[c].Done)
		}
	}
	if s.Report == nil || math.IsNaN(s.Report.AUC) {
		t.Errorf("no report after stop")
	}
}

// TestSessionFailure reports a worker failure.
func TestSessionFailure(t *testing.T) {
	setup, split, _ := smallSetup(t)
	setup.Config.Model = "bogus"
	conns := [2]*localConn{newLocal(0), newLocal(1)}
	s := NewSession(setup, split, 3, [2]Conn{conns[0], conns[1]})
	s.Start()
	pump(t, s, conns, 1000, nil)
	if s.Phase != PhaseFailed || s.Err == "" {
		t.Fatalf("phase %s, err %q", s.Phase, s.Err)
	}
}

// TestFractionAfterStop: a flow stopped at epoch 8 of 20 shows 40%, one
// that ran its epochs or converged shows 100%.
func TestFractionAfterStop(t *testing.T) {
	s := &Session{}
	s.Class[0].Progress = protocol.Progress{Epoch: 8, MaxEpochs: 20, Step: 80, StepsPerEpoch: 10}
	s.Class[0].Done = &protocol.Done{Reason: flow.ReasonCancelled}
	s.Class[1].Progress = protocol.Progress{Epoch: 12, MaxEpochs: 60, Step: 120, StepsPerEpoch: 10}
	s.Class[1].Done = &protocol.Done{Reason: flow.ReasonConverged}
	if f := s.Fraction(0); f != 0.4 {
		t.Errorf("stopped at epoch 8 of 20: fraction %v", f)
	}
	if f := s.Fraction(1); f != 1 {
		t.Errorf("converged: fraction %v", f)
	}
}

// TestSessionTrainsEveryFamily trains each registered flow family through
// the workers (which build the flows from the configuration) and checks the
// snapshots rebuild flows of that family.
func TestSessionTrainsEveryFamily(t *testing.T) {
	for _, fam := range flow.FamilyNames() {
		setup, split, _ := smallSetup(t)
		setup.Config.Model = fam
		setup.Settings[0].MaxEpochs, setup.Settings[1].MaxEpochs = 2, 2
		conns := [2]*localConn{newLocal(0), newLocal(1)}
		s := NewSession(setup, split, 5, [2]Conn{conns[0], conns[1]})
		s.Start()
		pump(t, s, conns, 100000, nil)
		if s.Phase != PhaseDone {
			t.Fatalf("%s: phase %s (%s)", fam, s.Phase, s.Err)
		}
		flows, err := s.Flows()
		if err != nil || flows[0].Config.Model != fam || flows[1].Config.Model != fam {
			t.Fatalf("%s: flows %v, %v", fam, flows, err)
		}
		if m, _, ok := s.Metrics(); !ok || !(m.AUC > 0.5) {
			t.Errorf("%s: metrics %+v", fam, m)
		}
	}
}

// countingScorer is an Evaluator that counts its requests.
type countingScorer struct {
	*Evaluator
	scores, baselines int
}

func (c *countingScorer) Score(models [2]*flow.Model, x []float64, n int, done func(Scored)) {
	c.scores++
	c.Evaluator.Score(models, x, n, done)
}

func (c *countingScorer) Baseline(seed uint64, split experiment.Split, done func(Baselined)) {
	c.baselines++
	c.Evaluator.Baseline(seed, split, done)
}

// TestSessionOnlyTrains checks that the training workers are never asked to
// score or fit the baseline: the Scorer is, once each, and every phase
// change reaches OnPhase.
func TestSessionOnlyTrains(t *testing.T) {
	setup, split, _ := smallSetup(t)
	conns := [2]*localConn{newLocal(0), newLocal(1)}
	s := NewSession(setup, split, 4, [2]Conn{conns[0], conns[1]})
	sc := &countingScorer{Evaluator: NewEvaluator(nil, nil)}
	s.Scorer = sc
	var phases []string
	s.OnPhase = func(s *Session) { phases = append(phases, s.Phase) }
	s.Start()
	pump(t, s, conns, 100000, nil)
	if s.Phase != PhaseDone || s.Report == nil || s.GMM == nil {
		t.Fatalf("phase %s (%s), report %v, GMM %v", s.Phase, s.Err, s.Report, s.GMM)
	}
	if sc.scores != 1 || sc.baselines != 1 {
		t.Errorf("the scorer was asked %d times to score and %d times for the baseline, want once each", sc.scores, sc.baselines)
	}
	for c, conn := range conns {
		for _, m := range conn.sent {
			switch m.(type) {
			case protocol.Score, protocol.Evaluate, protocol.Baseline:
				t.Errorf("class %d's training worker was sent a %T", c, m)
			}
		}
	}
	if want := []string{PhaseScoring, PhaseDone}; len(phases) != 2 || phases[0] != want[0] || phases[1] != want[1] {
		t.Errorf("OnPhase saw %v, want %v", phases, want)
	}
}
