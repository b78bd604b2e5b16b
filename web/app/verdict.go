package app

import (
	"fmt"
	"slices"
	"strings"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/format"
)

// judge judges the ended session s's flows, then records run (with its
// verdict) in Runs and says in the status line how the run ended. Judging
// rebuilds each flow at initialisation (fitting a mixture base costs seconds
// on the bundled data), so with a render environment it runs on its own
// goroutine on copies of the flows, and the page meanwhile says it is
// checking; a run replaced in the meantime is still recorded, silently.
// Call it with the render lock held.
func (a *App) judge(s *client.Session, run RunSummary) {
	a.Status = fmt.Sprintf("Both flows trained (ROC AUC %.4f); checking whether they learned their data…", run.Report.AUC)
	if a.Env == nil {
		a.judged(s, run, judgeRun(s))
		return
	}
	a.judging = s
	models := [2]*flow.Model{s.Class[0].Model, s.Class[1].Model}
	history := [2][]flow.EpochStats{append([]flow.EpochStats(nil), s.Class[0].History...), append([]flow.EpochStats(nil), s.Class[1].History...)}
	go func() {
		BrowserYield() // paint the end of training first
		var verdict string
		func() {
			defer func() {
				if r := recover(); r != nil {
					LogPanic("judging a run", r)
					verdict = fmt.Sprintf("the flows could not be checked (%v).", r)
				}
			}()
			verdict = judgeModels(models, history, s.Setup, s.Split, s.Seed)
		}()
		a.Env.Lock()
		defer a.Env.UnlockRender()
		a.judged(s, run, verdict)
	}()
}

// Judging reports whether a run's flows are being judged.
func (a *App) Judging() bool { return a.judging != nil }

// judged records run with verdict. Call it with the render lock held.
func (a *App) judged(s *client.Session, run RunSummary, verdict string) {
	if a.judging == s {
		a.judging = nil
	}
	run.Failed = verdict
	a.Runs = append(a.Runs, run) // the visit's record keeps every run that ended
	if a.Session != s {
		return // reset or replaced (a seed sweep's next run) while it was judged: say nothing
	}
	a.Status = a.Words(verdictStatus(run.Stopped, verdict, run.Report.AUC))
	if verdict != "" && !run.Stopped {
		// A run the visitor stopped is not an error: the status says it had
		// not learned yet, and the runs table keeps why.
		a.Err = format.Clip("Training failed: "+verdict, maxErrorText)
	}
}

// judgeRun judges s's flows at once (see judgeModels).
func judgeRun(s *client.Session) string {
	return judgeModels([2]*flow.Model{s.Class[0].Model, s.Class[1].Model}, [2][]flow.EpochStats{s.Class[0].History, s.Class[1].History}, s.Setup, s.Split, s.Seed)
}

// judgeModels judges each class flow with experiment.JudgeClass (the CLI's
// rules: diverged, or worse than a single Gaussian on the same rows) on the
// class's test rows, with its training rows thinned to judgeTrainRows (see
// judgeRows), and
// returns, for the classes that failed, "the background flow: <problem>.
// <suggestion>" joined by spaces; "" when both flows are sound. Each flow
// is built afresh from its model, so the shown flows are never touched.
func judgeModels(models [2]*flow.Model, history [2][]flow.EpochStats, setup experiment.Setup, split experiment.Split, seed uint64) string {
	names := ClassNamesOf(split.Train)
	split.Train = judgeRows(split.Train)
	var failed []string
	for c := range 2 {
		if models[c] == nil {
			continue
		}
		f, err := models[c].Flow()
		if err != nil {
			failed = append(failed, fmt.Sprintf("the %s flow: %v.", names[c], err))
			continue
		}
		if v := experiment.JudgeClass(f, history[c], setup, split, seed, c); v.Failed {
			failed = append(failed, fmt.Sprintf("%s: %s", v.Flow("the "+names[c]+" flow"), v.String()))
		}
		BrowserYield()
	}
	return strings.Join(failed, " ")
}

// verdictStatus is the status line of a run that ended with verdict ("" if
// sound): "Training finished" (or stopped) with its AUC, or that it failed.
func verdictStatus(stopped bool, verdict string, auc float64) string {
	switch {
	case verdict != "" && stopped:
		return fmt.Sprintf("Training stopped: ROC AUC %.4f, but the flows had not learned their data yet (see the runs table); train for longer to see what they can do.", auc)
	case verdict != "":
		return fmt.Sprintf("Training failed: the flows did not learn their data (ROC AUC %.4f); see the message.", auc)
	case stopped:
		return fmt.Sprintf("Training stopped: ROC AUC %.4f on the validation {rows}.", auc)
	}
	return fmt.Sprintf("Training finished: ROC AUC %.4f on the validation {rows}.", auc)
}

// judgeTrainRows is the most training rows per class the page's verdict
// rebuilds the flow at initialisation from (its standardisation and mixture
// base are fitted to them) and fits the single Gaussian to. All 74,000
// background rows take 3.5 s natively and 15–20 s in a loaded browser, on
// the page's thread; 10,000 evenly spread rows give the same means,
// variances and mixture to well within the verdict's margins (2 nats and
// 1 nat), in a seventh of the time. The test rows it judges on are all used.
const judgeTrainRows = 10_000

// judgeRows returns d with each class thinned to at most judgeTrainRows
// rows, taken at an even stride so they span the whole table.
func judgeRows(d *data.Dataset) *data.Dataset {
	n0, n1 := d.Counts()
	if n0 <= judgeTrainRows && n1 <= judgeTrainRows {
		return d
	}
	var idx []int
	for c, n := range [2]int{n0, n1} {
		stride := max(1, (n+judgeTrainRows-1)/judgeTrainRows)
		k := 0
		for i, y := range d.Y {
			if y != c {
				continue
			}
			if k%stride == 0 {
				idx = append(idx, i)
			}
			k++
		}
	}
	slices.Sort(idx)
	return d.Subset(idx)
}
