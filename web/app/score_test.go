package app_test

import (
	"strings"
	"testing"
	"time"

	. "flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// TestScoreInBackground adopts a classifier in a page with a render
// environment: Scoring says what is under way, the scores arrive
// from the goroutine under the render lock and equal the direct ones, and a
// result overtaken by another change is dropped.
func TestScoreInBackground(t *testing.T) {
	a := webtest.AdoptedApp(t) // scored at once: no render environment yet
	want := a.Shown.Eval
	env := &webtest.LockEnv{}
	a.Env, a.NewConn = env, webtest.GoConns

	env.Lock()
	if err := a.AdoptPair(a.Shown.Pair, a.Shown.Flows, "again"); err != nil {
		t.Fatal(err)
	}
	if a.Shown.Eval != nil || !strings.HasPrefix(a.Shown.Scoring, "Scoring the classifier on the ") {
		t.Errorf("while scoring: eval %v, scoring %q", a.Shown.Eval != nil, a.Shown.Scoring)
	}
	webtest.WaitScored(t, a, env)
	if a.Shown.Scoring != "" || len(a.Shown.Eval.T) != len(want.T) || a.Shown.Eval.Report.AUC != want.Report.AUC {
		t.Errorf("background scores: scoring %q, %d stars, AUC %v; want %d stars, AUC %v", a.Shown.Scoring, len(a.Shown.Eval.T), a.Shown.Eval.Report.AUC, len(want.T), want.Report.AUC)
	}
	for i := range want.T {
		if a.Shown.Eval.T[i] != want.T[i] {
			t.Fatalf("t[%d] = %v, want %v", i, a.Shown.Eval.T[i], want.T[i])
		}
	}

	// A scoring overtaken by a new evaluation must not replace it.
	if err := a.AdoptPair(a.Shown.Pair, a.Shown.Flows, "third"); err != nil {
		t.Fatal(err)
	}
	newer := &Evaluation{T: []float64{1}, Labels: []int{0}, N0: 1, N1: 1}
	a.SetEval(newer)
	ended := a.ScoringsEnded()
	env.UnlockRender()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) { // a hang guard
		env.Lock()
		if a.ScoringsEnded() > ended || time.Now().After(deadline) {
			break
		}
		env.Unlock()
	}
	defer env.UnlockRender()
	if a.ScoringsEnded() == ended {
		t.Fatal("the overtaken scoring never ended")
	}
	if a.Shown.Eval != newer || a.Shown.Scoring != "" {
		t.Errorf("a stale scoring replaced the newer evaluation")
	}
}
