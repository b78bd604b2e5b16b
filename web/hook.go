package main

import "flowlab/web/app"

// pageState is the page's state as window.flowlab shows it to end-to-end
// tests and to curious users in the console. Tests wait on Ready or Error,
// never on time.
type pageState struct {
	// Ready is true once the dataset is loaded and its summary rendered.
	Ready bool
	// Status is the text of the status line; Error the error message, or "".
	Status, Error string
	// Dataset is the summary of the loaded data, nil before it is loaded.
	Dataset *app.DatasetSummary
	// View is the current view; Hash the URL hash that restores the page.
	View, Hash string
	// Phase is the training session's phase ("" before any training).
	Phase string
	// Classes is each class worker's progress: 0 background, 1 RR Lyrae.
	Classes [2]classState
	// AUC is the shown classifier's ROC AUC on the validation split (0 if none).
	AUC float64
	// Flows says where the shown flows came from ("" if there are none).
	Flows string
	// Scoring says what is being scored while the evaluation waits ("" if
	// nothing).
	Scoring string
	// FlowDim is the shown classifier's number of features (0 if none), to
	// compare with the data's.
	FlowDim int
	// Runs counts the finished runs; Failed is the last one's failure ("" if
	// it was sound).
	Runs   int
	Failed string
}

// classState is one training worker's progress as the page last saw it.
type classState struct {
	State       string
	Epoch, Step int
	Loss        float64
	Done        bool
	// Trace counts the batch-loss trace's points; TraceFirst and TraceLast
	// are the steps of its first and last point (0 when empty).
	Trace, TraceFirst, TraceLast int
}

// jsObject converts s to the plain map that becomes window.flowlab:
// {ready, status, error, view, hash, phase, auc, flows, scoring, flowDim, runs, failed, classes: [{state,
// epoch, step, loss, done, trace, traceFirst, traceLast} ×2], dataset: null | {rows, background, rrLyrae, features: [names]}}.
// It holds only types js.ValueOf accepts.
func (s pageState) jsObject() map[string]any {
	obj := map[string]any{
		"ready":   s.Ready,
		"status":  s.Status,
		"error":   s.Error,
		"dataset": nil,
		"view":    s.View,
		"hash":    s.Hash,
		"phase":   s.Phase,
		"auc":     s.AUC,
		"flows":   s.Flows,
		"scoring": s.Scoring,
		"flowDim": s.FlowDim,
		"runs":    s.Runs,
		"failed":  s.Failed,
	}
	classes := make([]any, 2)
	for c, cs := range s.Classes {
		classes[c] = map[string]any{"state": cs.State, "epoch": cs.Epoch, "step": cs.Step, "loss": cs.Loss, "done": cs.Done,
			"trace": cs.Trace, "traceFirst": cs.TraceFirst, "traceLast": cs.TraceLast}
	}
	obj["classes"] = classes
	if d := s.Dataset; d != nil {
		names := make([]any, len(d.Features))
		for i, f := range d.Features {
			names[i] = f.Name
		}
		obj["dataset"] = map[string]any{
			"rows":       d.Rows,
			"background": d.Background,
			"rrLyrae":    d.RRLyrae,
			"features":   names,
		}
	}
	return obj
}
