package app

import (
	"fmt"
	"strings"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
)

// judgeRun judges each class flow of the finished session s with
// experiment.JudgeClass (the CLI's rules: diverged, or worse than a single
// Gaussian on the same rows) and returns, for the classes that failed,
// "the background flow: <problem>. <suggestion>" joined by spaces; "" when
// both flows are sound.
func judgeRun(s *client.Session, flows [2]*flow.Flow) string {
	var failed []string
	for c := range 2 {
		v := experiment.JudgeClass(flows[c], s.Class[c].History, s.Setup, s.Split, s.Seed, c)
		if v.Failed {
			failed = append(failed, fmt.Sprintf("the %s flow: %s", experiment.ClassName(c), v.String()))
		}
	}
	return strings.Join(failed, " ")
}

// verdictStatus is the status line of a run that ended with verdict ("" if
// sound): "Training finished" (or stopped) with its AUC, or that it failed.
func verdictStatus(stopped bool, verdict string, auc float64) string {
	switch {
	case verdict != "" && stopped:
		return fmt.Sprintf("Training stopped before the flows learned their data (ROC AUC %.4f); see the message.", auc)
	case verdict != "":
		return fmt.Sprintf("Training failed: the flows did not learn their data (ROC AUC %.4f); see the message.", auc)
	case stopped:
		return fmt.Sprintf("Training stopped: ROC AUC %.4f on the validation stars.", auc)
	}
	return fmt.Sprintf("Training finished: ROC AUC %.4f on the validation stars.", auc)
}
