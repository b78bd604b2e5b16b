package main

import (
	"strings"
	"testing"
	"time"
)

// TestScoreInBackground adopts a classifier in a page with a render
// environment: the results wait with a "Scoring…" line, the scores arrive
// from the goroutine under the render lock and equal the direct ones, and a
// result overtaken by another change is dropped.
func TestScoreInBackground(t *testing.T) {
	a := resApp(t) // scored at once: no render environment yet
	want := a.Eval
	c := &Results{App: a}
	env := &lockEnv{}
	a.Env = env

	env.Lock()
	if err := a.AdoptPair(a.Pair, a.Flows, "again"); err != nil {
		t.Fatal(err)
	}
	if a.Eval != nil || !strings.HasPrefix(a.Scoring, "Scoring the classifier on the ") || c.EmptyText() != a.Scoring || c.HasEval() {
		t.Errorf("while scoring: eval %v, scoring %q, empty text %q", a.Eval != nil, a.Scoring, c.EmptyText())
	}
	if html := renderStatic(t, c); !strings.Contains(html, a.Scoring) {
		t.Errorf("the results view does not say it is scoring")
	}
	waitScored(t, a, env)
	if a.Scoring != "" || len(a.Eval.T) != len(want.T) || a.Eval.Report.AUC != want.Report.AUC {
		t.Errorf("background scores: scoring %q, %d stars, AUC %v; want %d stars, AUC %v", a.Scoring, len(a.Eval.T), a.Eval.Report.AUC, len(want.T), want.Report.AUC)
	}
	for i := range want.T {
		if a.Eval.T[i] != want.T[i] {
			t.Fatalf("t[%d] = %v, want %v", i, a.Eval.T[i], want.T[i])
		}
	}

	// A scoring overtaken by a new evaluation must not replace it.
	if err := a.AdoptPair(a.Pair, a.Flows, "third"); err != nil {
		t.Fatal(err)
	}
	newer := &Evaluation{T: []float64{1}, Labels: []int{0}, N0: 1, N1: 1}
	a.setEval(newer)
	ended := a.scoringsEnded
	env.UnlockRender()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(time.Millisecond) { // a hang guard
		env.Lock()
		if a.scoringsEnded > ended || time.Now().After(deadline) {
			break
		}
		env.Unlock()
	}
	defer env.UnlockRender()
	if a.scoringsEnded == ended {
		t.Fatal("the overtaken scoring never ended")
	}
	if a.Eval != newer || a.Scoring != "" {
		t.Errorf("a stale scoring replaced the newer evaluation")
	}
}

// waitScored is called holding env's lock: it lets the background scoring
// run until a.Eval is set, and returns holding the lock again.
func waitScored(t *testing.T, a *App, env *lockEnv) {
	t.Helper()
	env.Unlock()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) { // a hang guard
		env.Lock()
		if a.Eval != nil {
			return
		}
		env.Unlock()
	}
	env.Lock()
	t.Fatal("the scores never arrived")
}
