package main

import (
	"fmt"
	"math"

	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// TrainView holds the model choice, the training controls and the live
// progress of both class flows. trainview.vugu is its template.
type TrainView struct {
	App *App
}

// SetModel switches the model kind, keeping the preset's values for it.
func (c *TrainView) SetModel(model string) {
	s := &c.App.State
	if model == s.Model {
		return
	}
	s.Model = model
	if s.Preset != PresetCustom {
		s.ApplyPreset(s.Preset)
	}
	c.App.Changed()
}

// SetPreset applies a named preset.
func (c *TrainView) SetPreset(name string) {
	if name == PresetCustom {
		return
	}
	c.App.State.ApplyPreset(name)
	c.App.Changed()
}

// Train starts a run (errors are shown by the App).
func (c *TrainView) Train() {
	if c.App.Train() == nil {
		c.App.Changed()
	}
}

// Stop ends the current run.
func (c *TrainView) Stop() {
	if c.App.Training() {
		c.App.Session.Stop()
		c.App.Status = "Stopping… the flows keep what they have learned so far."
	}
}

// ClassName names class k.
func (c *TrainView) ClassName(k int) string { return experiment.ClassName(k) }

// ProgressTestID is the data-testid of class k's progress block.
func (c *TrainView) ProgressTestID(k int) string {
	if k == 1 {
		return "progress-signal"
	}
	return "progress-background"
}

// HasProgress reports whether class k has reported anything yet.
func (c *TrainView) HasProgress(k int) bool {
	return c.App.Session != nil && c.App.Session.Class[k].Progress.MaxEpochs > 0
}

// Fraction is class k's progress in [0, 1].
func (c *TrainView) Fraction(k int) float64 {
	if c.App.Session == nil {
		return 0
	}
	return c.App.Session.Fraction(k)
}

// ProgressText describes class k's progress in one line.
func (c *TrainView) ProgressText(k int) string {
	s := c.App.Session
	if s == nil {
		return ""
	}
	p := s.Class[k].Progress
	text := fmt.Sprintf("epoch %d / %d · step %s", p.Epoch, p.MaxEpochs, groupThousands(p.Step))
	if h := s.Class[k].History; len(h) > 0 {
		last := h[len(h)-1]
		text += fmt.Sprintf(" · train NLL %.3f · test NLL %.3f", last.TrainLoss, last.TestLoss)
	} else if p.Step > 0 {
		text += fmt.Sprintf(" · batch NLL %.3f", p.Loss)
	}
	if p.SamplesPerSec > 0 && p.State == protocol.StateRunning {
		text += fmt.Sprintf(" · %s samples/s", groupThousands(int(math.Round(p.SamplesPerSec))))
	}
	if d := s.Class[k].Done; d != nil {
		text += " · " + doneText(d.Reason)
	} else if p.State == protocol.StatePaused {
		text += " · paused"
	}
	return text
}

func doneText(reason string) string {
	switch reason {
	case "converged":
		return "done: the test loss stopped changing"
	case "max-epochs":
		return "done: reached the epoch limit"
	case "cancelled":
		return "stopped"
	}
	return "ended: " + reason
}

// MetricRow is one row of the metrics table.
type MetricRow struct {
	Name, Help, Ours, Paper, AllBackground string
}

// Metrics returns the paper's Table III rows for the shown classifier at
// cut 0, beside the paper's values and the call-everything-background
// baseline; nil before there is an evaluation.
func (c *TrainView) Metrics() []MetricRow {
	e := c.App.Eval
	if e == nil {
		return nil
	}
	paper := experiment.PaperTable3For(c.App.State.Model)
	r := e.Report
	f := func(v float64) string { return fmt.Sprintf("%.4f", v) }
	return []MetricRow{
		{"correctly classified", "(true positives + true negatives) / all", f(r.AtZero.Accuracy), f(paper.Accuracy), f(r.AllBackground.Accuracy)},
		{"false positive", "background stars called RR Lyrae / all", f(r.AtZero.FalsePositive), f(paper.FalsePositive), f(r.AllBackground.FalsePositive)},
		{"false negative", "RR Lyrae called background / all", f(r.AtZero.FalseNegative), f(paper.FalseNegative), f(r.AllBackground.FalseNegative)},
		{"ROC AUC", "area under the ROC curve: 1 is perfect, 0.5 is guessing", f(r.AUC), "—", "0.5"},
	}
}

// PaperModel names the paper's column.
func (c *TrainView) PaperModel() string { return experiment.PaperTable3For(c.App.State.Model).Model }
