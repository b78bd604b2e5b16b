package app_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	. "flowlab/web/app"
	"flowlab/web/internal/webtest"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

// waitSweep polls under the lock until cond holds for the app's sweep.
func waitSweep(t *testing.T, a *App, env *webtest.LockEnv, what string, cond func(*Sweep) bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		env.Lock()
		ok := a.Sweep != nil && cond(a.Sweep)
		env.Unlock()
		if ok {
			return
		}
	}
	t.Fatalf("the sweep never %s", what)
}

// TestRunSeedsSpline runs three seeds of a small spline flow through the
// goroutine workers: each seed's metrics are those of training the same
// seed directly (what `flowlab reproduce` does), the summary is their mean
// and standard deviation, the state's seed follows the seeds, and the last
// seed's spline classifier exports and imports with identical scores.
func TestRunSeedsSpline(t *testing.T) {
	env := &webtest.LockEnv{}
	a := NewApp("model=spline&layers=2&hidden=1&units=8&e0=2&e1=3&b0=64&b1=32&seed=11")
	a.Env, a.NewConn = env, webtest.GoConns
	d := webtest.ToyData(t)
	a.SetData(d, "Two Gaussians", "gaussians")
	env.Lock()
	if err := a.RunSeeds(1); err == nil {
		t.Error("one seed is not a sweep")
	}
	if err := a.RunSeeds(3); err != nil {
		t.Fatal(err)
	}
	setup, err := a.State.Setup(d.Dim)
	if err != nil {
		t.Fatal(err)
	}
	env.Unlock()
	waitSweep(t, a, env, "finished", func(s *Sweep) bool { return s.Ended != "" })
	// Each run joins the visit's runs once its verdict is in (on a goroutine).
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		env.Lock()
		n := len(a.Runs)
		env.Unlock()
		if n >= 3 {
			break
		}
	}
	env.Lock()
	defer env.Unlock()
	sw := a.Sweep
	if sw.Ended != SweepDone || len(sw.Runs) != 3 {
		t.Fatalf("sweep ended %q (%s) with %d runs", sw.Ended, sw.Err, len(sw.Runs))
	}
	for i, r := range sw.Runs {
		if r.Seed != uint64(11+i) || r.GMM == nil {
			t.Fatalf("run %d: seed %d, GMM %v", i, r.Seed, r.GMM)
		}
	}
	if a.State.Seed != 13 || a.Shown.Flows[0] == nil || a.Shown.Flows[0].Config.Model != flow.ModelSpline || len(a.Runs) != 3 {
		t.Errorf("after the sweep: seed %d, flows %v, %d runs", a.State.Seed, a.Shown.Flows, len(a.Runs))
	}

	// Seed 12 trained directly gives the same numbers.
	split := experiment.SplitData(d, data.PaperSplit, 12)
	flows, _, err := experiment.TrainClasses(context.Background(), setup, split, 12, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := split.Valid
	n := v.Len()
	tt, lp0, lp1 := make([]float64, n), make([]float64, n), make([]float64, n)
	experiment.TestStatistic(tt, lp0, lp1, flows, v.X, n)
	n0, n1 := split.Train.Counts()
	want := experiment.MetricsFor(experiment.Evaluate(tt, v.Y, n0, n1), tt, [2][]float64{lp0, lp1}, v.Y)
	gt, glp, err := experiment.GMMBaselineDensities(split.Train, v.X, n, 12)
	if err != nil {
		t.Fatal(err)
	}
	wantGMM := experiment.MetricsFor(experiment.Evaluate(gt, v.Y, n0, n1), gt, glp, v.Y)
	if sw.Runs[1].Flow != want || *sw.Runs[1].GMM != wantGMM {
		t.Errorf("seed 12 in the page: %+v / %+v; trained directly: %+v / %+v", sw.Runs[1].Flow, *sw.Runs[1].GMM, want, wantGMM)
	}

	for _, row := range sw.Summary() {
		fv, gv := sw.SeedValues(row.Key)
		mean := (fv[0] + fv[1] + fv[2]) / 3
		if math.Abs(row.Flow.Mean-mean) > 1e-12 || row.Flow.N != 3 || row.GMM.N != 3 || len(gv) != 3 {
			t.Errorf("%s: flow %+v, GMM %+v; values %v %v", row.Name, row.Flow, row.GMM, fv, gv)
		}
		if !(row.Flow.Std >= 0) {
			t.Errorf("%s: std %v", row.Name, row.Flow.Std)
		}
	}

	b, err := a.ExportPair()
	if err != nil {
		t.Fatal(err)
	}
	before := append([]float64(nil), a.Shown.Eval.T...)
	if err := a.ImportPair(b, "spline.json"); err != nil {
		t.Fatal(err)
	}
	webtest.WaitScored(t, a, env)
	if a.Shown.Flows[1].Config.Model != flow.ModelSpline {
		t.Fatalf("imported %s flows", a.Shown.Flows[1].Config.Model)
	}
	for i := range before {
		if before[i] != a.Shown.Eval.T[i] {
			t.Fatalf("t[%d] changed after export and import: %v → %v", i, before[i], a.Shown.Eval.T[i])
		}
	}
}

// TestCancelSweep cancels a sweep once a seed has finished: the finished
// seeds stay, nothing trains any more, and the sweep is not running.
func TestCancelSweep(t *testing.T) {
	env := &webtest.LockEnv{}
	a := NewApp("layers=2&hidden=1&units=8&e0=2&e1=60&b0=64&b1=8&tol=-1")
	a.Env, a.NewConn = env, webtest.GoConns
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	env.Lock()
	if err := a.RunSeeds(20); err != nil {
		t.Fatal(err)
	}
	if p := a.Sweep.Progress(); p != "Seed 1 of 20 (seed 1) is training; 0 finished." {
		t.Errorf("progress %q", p)
	}
	env.Unlock()
	waitSweep(t, a, env, "finished a seed", func(s *Sweep) bool { return len(s.Runs) >= 1 && a.Session != nil })
	env.Lock()
	a.CancelSweep()
	k := len(a.Sweep.Runs)
	if a.Sweep.Ended != SweepCancelled || a.Session != nil || k == 20 {
		t.Fatalf("after cancel: ended %q, session %v, %d runs", a.Sweep.Ended, a.Session, k)
	}
	env.Unlock()
	time.Sleep(200 * time.Millisecond)
	env.Lock()
	defer env.Unlock()
	if a.Session != nil || len(a.Sweep.Runs) != k || a.Sweep.Running() {
		t.Errorf("the sweep went on after cancel: session %v, %d runs (was %d)", a.Session, len(a.Sweep.Runs), k)
	}
	if p := a.Sweep.Progress(); p != fmt.Sprintf("Cancelled after %d of 20 seeds; the table summarises the finished ones.", k) {
		t.Errorf("progress %q", p)
	}
}
