package trainview

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// TestSeedsTable runs three seeds through goroutine workers from the Seeds
// part and checks the rendered table: one row per metric with mean ± std
// over the seeds beside the GMM's, the data attributes holding the exact
// means, and the per-seed table.
func TestSeedsTable(t *testing.T) {
	env := &webtest.LockEnv{}
	a := app.NewApp("model=spline&layers=2&hidden=1&units=8&e0=2&e1=3&b0=64&b1=32&seeds=3&seed=4")
	a.Env, a.NewConn = env, webtest.GoConns
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	v := &View{App: a}
	s := &Seeds{View: v}
	env.Lock()
	if got := s.RunText(); got != "Run 3 seeds (4–6)" {
		t.Errorf("button %q", got)
	}
	s.Run()
	if !s.Sweeping() || s.CanRun() {
		t.Fatalf("sweeping %v, can run %v", s.Sweeping(), s.CanRun())
	}
	env.Unlock()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		env.Lock()
		done := !a.Sweep.Running()
		env.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the seeds never finished")
		}
	}
	env.Lock()
	defer env.Unlock()
	if a.Sweep.Ended != app.SweepDone {
		t.Fatalf("ended %q: %s", a.Sweep.Ended, a.Sweep.Err)
	}
	page := webtest.RenderStatic(t, v)
	for _, w := range []string{`data-testid="seeds-table"`, "over 3 seeds (4, 5, 6)", `data-metric="nll1"`, `data-state="done"`,
		"All 3 seeds finished.", `value="spline"`, `value="paper-spline"`} {
		if !strings.Contains(page, w) {
			t.Errorf("rendered view lacks %q", w)
		}
	}
	rows := s.Rows()
	if len(rows) != 6 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range a.Sweep.Summary() {
		fv, _ := a.Sweep.SeedValues(r.Key)
		if want := experiment.StatOf(fv); r.Flow.Mean != want.Mean || r.Flow.Std != want.Std || math.IsNaN(want.Std) {
			t.Errorf("%s: %+v, want %+v", r.Key, r.Flow, want)
		}
		if !strings.Contains(page, `data-mean="`+strconv.FormatFloat(r.Flow.Mean, 'g', -1, 64)+`"`) {
			t.Errorf("%s: the mean %v is not in the page", r.Key, r.Flow.Mean)
		}
	}
	for _, r := range rows {
		if !strings.Contains(r.Flow, " ± ") || !strings.Contains(r.GMM, " ± ") {
			t.Errorf("%s: %q / %q", r.Key, r.Flow, r.GMM)
		}
	}
	if each := s.SeedRows(); len(each) != 3 || len(each[0].Cells) != 6 || each[2].Seed != "6" {
		t.Errorf("per-seed rows %+v", each)
	}
	s.SetCount("1")
	if a.State.Seeds != 3 || !strings.Contains(a.Status, "from 2 to 20") {
		t.Errorf("a bad count: seeds %d, status %q", a.State.Seeds, a.Status)
	}
	s.SetCount("7")
	if a.State.Seeds != 7 {
		t.Errorf("count %d, want 7", a.State.Seeds)
	}
}
