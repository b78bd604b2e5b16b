package trainview

import (
	"fmt"
	"math"
	"strings"

	"github.com/vugu/vugu/js"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/format"
)

// View holds the model choice, the training settings and controls, the
// live progress and loss curves of both class flows, and the metrics at the
// end. view.vugu is its template; Settings, Run and
// LossChart are its parts.
type View struct {
	App *app.App

	form     trainForm
	el       js.Value // the view's root element, for syncing form controls
	stepFrom [2]int   // each class's finished epochs when Step one epoch was pressed
	focusRun bool     // Train was pressed: the focus moves to Pause once it is enabled
}

// Compute runs before every build: it applies settings left pending when a
// run ended by itself.
func (c *View) Compute() {
	c.settleStatus()
	if c.form.pending != nil && !c.App.Training() {
		app.CopyTrainSettings(&c.App.State, *c.form.pending)
		c.form.pending = nil
		c.App.Changed()
	}
}

// Transitional status lines, replaced once the workers have answered.
const (
	trainPausing  = "Pausing… the flows keep their place."
	trainStepping = "Training one more epoch, then pausing."
	trainResuming = "Resuming…"
)

// settleStatus replaces a transitional status line (set by Pause, Step one
// epoch or Resume) once every worker has done what was asked.
func (c *View) settleStatus() {
	s := c.running()
	if s == nil {
		return
	}
	switch st := c.App.Status; {
	case st == trainStepping && s.Paused() && !c.stepped(s):
		return
	case (st == trainPausing || st == trainStepping) && s.Paused():
		epochs := []string{}
		for k := range 2 {
			if s.Class[k].Done == nil {
				p := s.Class[k].Progress
				epochs = append(epochs, fmt.Sprintf("%s after epoch %d of %d", c.App.ClassName(k), p.Epoch, p.MaxEpochs))
			}
		}
		c.App.Status = "Paused (" + strings.Join(epochs, ", ") + "): Resume, Step one epoch, or Stop to score what was learned."
	case st == trainResuming && !s.Paused():
		c.App.Status = "Training resumed."
	}
}

// stepped reports whether a class still training has finished an epoch
// since Step one epoch was pressed.
func (c *View) stepped(s *client.Session) bool {
	for k := range 2 {
		if s.Class[k].Done == nil && s.Class[k].Progress.Epoch > c.stepFrom[k] {
			return true
		}
	}
	return false
}

// Shown is the settings the form shows: those waiting for confirmation, or
// the page's.
func (c *View) Shown() *app.State {
	if c.form.pending != nil {
		return c.form.pending
	}
	return &c.App.State
}

// FieldText is what field f's input shows: the visitor's unusable text, or
// the setting's value.
func (c *View) FieldText(f app.TrainField) string {
	if t, ok := c.form.raw[f.Key]; ok {
		return t
	}
	return f.Text(c.Shown())
}

// FieldError is the problem with what the visitor typed into field key, or "".
func (c *View) FieldError(key string) string { return c.form.errs[key] }

// HasErrors reports whether any field holds an unusable value.
func (c *View) HasErrors() bool { return len(c.form.errs) > 0 }

// FieldInput handles typing into field key: it checks the text at once, and
// applies a usable change (switching the preset to custom), either straight
// away or, during a run, pending the visitor's confirmation.
func (c *View) FieldInput(key, text string) {
	f, ok := app.TrainFieldByKey(key)
	if !ok {
		return
	}
	cur := c.Shown()
	if problem := app.TrainValidate(*cur, key, text, trainDim(c.App)); problem != "" {
		c.form.setRaw(key, text, problem)
		return
	}
	c.form.dropRaw(key)
	next := *cur
	f.Set(&next, text)
	if next == *cur {
		return
	}
	c.edit(func(s *app.State) {
		f.Set(s, text)
		s.Preset = app.PresetCustom
	})
}

// SetFlag handles a checkbox field.
func (c *View) SetFlag(key string, on bool) {
	text := "off"
	if on {
		text = "on"
	}
	c.FieldInput(key, text)
}

// SetModel switches the model kind, keeping the preset's values for it.
func (c *View) SetModel(model string) {
	if _, known := flow.LookupFamily(model); model == c.Shown().Model || !known {
		return
	}
	c.edit(func(s *app.State) {
		s.Model = model
		if s.Preset != app.PresetCustom {
			s.ApplyPreset(s.Preset)
		}
	})
}

// SetPreset applies a preset select value (TrainChoice); a paper preset also
// sets its model. Typed problems are forgotten, since every field changes.
func (c *View) SetPreset(choice string) {
	next := *c.Shown()
	if !app.ApplyTrainChoice(&next, choice) {
		return
	}
	c.form.raw, c.form.errs = nil, nil
	c.edit(func(s *app.State) { app.ApplyTrainChoice(s, choice) })
}

// edit applies a settings change: to the page at once, or, during a run, to
// the pending settings the confirm bar asks about.
func (c *View) edit(apply func(*app.State)) {
	if c.App.Training() {
		if c.form.pending == nil {
			p := c.App.State
			c.form.pending = &p
		}
		apply(c.form.pending)
		if app.SameTrainSettings(*c.form.pending, c.App.State) {
			c.form.pending = nil
		}
		return
	}
	apply(&c.App.State)
	c.App.Changed()
}

// Confirming reports whether the confirm bar asks about discarding the run.
func (c *View) Confirming() bool { return c.form.pending != nil && c.App.Training() }

// Discard ends the run and applies the pending settings.
func (c *View) Discard() {
	if c.form.pending == nil {
		return
	}
	p := *c.form.pending
	c.form.pending = nil
	c.App.Reset()
	app.CopyTrainSettings(&c.App.State, p)
	c.App.Status = "Discarded the run. The new settings apply when you press Train."
	c.App.Changed()
}

// KeepTraining drops the pending change and anything typed, so the form
// shows the running settings again.
func (c *View) KeepTraining() { c.form.clear() }

// Blocker says why Train cannot start, or "".
func (c *View) Blocker() string {
	switch {
	case c.App.Data == nil:
		return "Waiting for the data to load."
	case c.App.Training():
		return ""
	case c.HasErrors():
		return c.fixText()
	}
	if msg := app.CheckSetup(c.App.State, trainDim(c.App)); msg != "" {
		return "These settings cannot be trained: " + msg + "."
	}
	return ""
}

// CanTrain reports whether Train is enabled.
func (c *View) CanTrain() bool {
	return !c.App.Training() && !c.App.Sweep.Running() && c.Blocker() == ""
}

// running is the session while its workers are still training.
func (c *View) running() *client.Session {
	s := c.App.Session
	if s == nil || s.Phase != client.PhaseTraining {
		return nil
	}
	return s
}

// CanPause reports whether Pause makes sense: a run is training and not
// paused.
func (c *View) CanPause() bool { s := c.running(); return s != nil && !s.Paused() }

// CanResume reports whether Resume (and Step one epoch) make sense: every
// unfinished worker is paused.
func (c *View) CanResume() bool { s := c.running(); return s != nil && s.Paused() }

// CanStop reports whether Stop makes sense: workers are still training.
func (c *View) CanStop() bool { return c.running() != nil }

// CanReset reports whether there is a run to forget (not while it is being
// scored, which takes a moment).
func (c *View) CanReset() bool {
	return c.App.Session != nil && c.App.Session.Phase != client.PhaseScoring
}

// Train starts a run (errors are shown by the App).
func (c *View) Train() {
	if !c.CanTrain() {
		return
	}
	c.form.clear()
	if c.App.Train() == nil {
		c.focusRun = true
		c.App.Changed()
	}
}

// Pause asks both workers to pause after their current step.
func (c *View) Pause() {
	if c.CanPause() {
		c.App.Session.Pause()
		c.App.Status = trainPausing
	}
}

// Resume continues a paused run.
func (c *View) Resume() {
	if c.CanResume() {
		c.App.Session.Resume()
		c.App.Status = trainResuming
	}
}

// StepEpoch trains a paused run for one more epoch per class, then pauses.
func (c *View) StepEpoch() {
	if c.CanResume() {
		for k := range 2 {
			c.stepFrom[k] = c.App.Session.Class[k].Progress.Epoch
		}
		c.App.Session.StepEpoch()
		c.App.Status = trainStepping
	}
}

// Stop ends the current run, keeping what was learned.
func (c *View) Stop() {
	if c.CanStop() {
		c.App.Session.Stop()
		c.App.Status = "Stopping… the flows keep what they have learned so far."
	}
}

// Reset ends and forgets the run (its loss curves too); the flows shown
// elsewhere stay those of the last finished run.
func (c *View) Reset() {
	if !c.CanReset() {
		return
	}
	c.form.pending = nil
	c.App.Reset()
	c.App.Status = "The run was reset."
}

// RunState names the run's state for the badge: "no run", "running",
// "paused", "scoring", "done", "stopped" or "failed".
func (c *View) RunState() string {
	s := c.App.Session
	switch {
	case s == nil:
		return "no run"
	case s.Phase == client.PhaseTraining && s.Paused():
		return "paused"
	case s.Phase == client.PhaseTraining:
		return "running"
	}
	return s.Phase
}

// ChoiceHelp explains the current preset choice in one sentence.
func (c *View) ChoiceHelp() string {
	switch app.TrainChoice(*c.Shown()) {
	case app.TrainChoiceQuick:
		return "Small flows on standardised features, keeping the epoch with the best test loss: both train in seconds."
	case app.PaperChoice(flow.ModelSpline):
		return "Not in the paper: Real NVP's Table II architecture and training with spline couplings instead of affine ones; expect minutes in a browser."
	case app.TrainChoicePaperRealNVP, app.TrainChoicePaperMADE:
		return "Table II exactly (at most 20 and 200 epochs, as the paper's code): expect minutes in a browser."
	}
	return "Your own settings; hidden details (decay schedule, keeping the best epoch) follow the quick preset."
}

// ArchSummary describes one flow's architecture and size for the shown
// settings, or "" when they are not valid.
func (c *View) ArchSummary() string {
	s := c.Shown()
	setup, err := s.Setup(trainDim(c.App))
	if err != nil {
		return ""
	}
	cfg := setup.Config
	a := app.TrainArchOf(cfg)
	kind := app.ModelLayers(cfg.Model)
	text := fmt.Sprintf("Each flow: %d %s, each with a %s network (%d features); %s parameters per flow, %s for the two.",
		cfg.Layers, kind, a.Net, cfg.Dim, format.Thousands(a.Params), format.Thousands(2*a.Params))
	if a.Trained != a.Params {
		text += fmt.Sprintf(" The MADE masks hold %s of them at zero, so %s are trained.", format.Thousands(a.Params-a.Trained), format.Thousands(a.Trained))
	}
	return text
}

// trainDim is the number of features the settings are checked for: the
// data's, or the bundled data's 4 before it loads.
func trainDim(a *app.App) int {
	if d := a.Dim(); d > 0 {
		return d
	}
	return 4
}

// StepsSummary states the optimiser steps per epoch (and at most) for each
// class with the shown batch sizes, or "" before data. The epochs are the
// ones training will run: on a small table the Quick preset's are raised
// (experiment.SizedFor), and the summary says so.
func (c *View) StepsSummary() string {
	if c.App.Data == nil {
		return ""
	}
	s := c.Shown()
	split := c.App.Split()
	n0, n1 := split.Train.Counts()
	st0, st1 := app.StepsPerEpoch(n0, s.Batch0), app.StepsPerEpoch(n1, s.Batch1)
	epochs := [2]int{s.Epochs0, s.Epochs1}
	if setup, err := s.Setup(trainDim(c.App)); err == nil {
		sized := experiment.SizedFor(setup, split)
		epochs = [2]int{sized.Settings[0].MaxEpochs, sized.Settings[1].MaxEpochs}
	}
	names := c.App.ClassNames()
	text := fmt.Sprintf("Steps per epoch: %s %s (%s training %s in batches of %s), %s %s (%s in batches of %s); at most %s and %s steps.",
		names[0], format.Thousands(st0), format.Thousands(n0), c.App.Rows(), format.Thousands(min(s.Batch0, max(n0, 1))),
		names[1], format.Thousands(st1), format.Thousands(n1), format.Thousands(min(s.Batch1, max(n1, 1))),
		format.Thousands(st0*epochs[0]*max(1, s.Members)), format.Thousands(st1*epochs[1]*max(1, s.Members)))
	if epochs != [2]int{s.Epochs0, s.Epochs1} {
		text += fmt.Sprintf(" This table is small, so the quick epochs are raised to %s and %s: every flow takes at least %s steps (type other epochs to keep yours).",
			format.Thousands(epochs[0]), format.Thousands(epochs[1]), format.Thousands(experiment.MinQuickSteps))
	}
	return text
}

// FlowsExplain says what the two flows learn and how a row is classified,
// with the data's class names.
func (c *View) FlowsExplain() string {
	n, row, rows := c.App.ClassNames(), c.App.Row(), c.App.Rows()
	return fmt.Sprintf("One flow learns the density of the %s class, the other the density of the %s class. Each trains in its own Web Worker by maximum likelihood: the loss is the average negative log-likelihood (NLL) of its training %s, so lower is better. A %s is then classified by which flow finds it more likely.",
		n[0], n[1], rows, row)
}

// ClassName names class k.
func (c *View) ClassName(k int) string { return c.App.ClassName(k) }

// MetricRow is one row of the metrics table.
type MetricRow struct {
	Name, Help, Ours, Paper, AllBackground string
}

// Metrics returns the paper's Table III rows for the shown classifier at
// cut 0, beside the paper's values and the call-everything-background
// baseline; nil before there is an evaluation.
func (c *View) Metrics() []MetricRow {
	e := c.App.Shown.Eval
	if e == nil {
		return nil
	}
	paper := experiment.PaperTable3For(c.shownModel())
	r := e.Report
	f := func(v float64) string { return fmt.Sprintf("%.4f", v) }
	n := c.App.ClassNames()
	return []MetricRow{
		{"correctly classified", "(true positives + true negatives) / all", f(r.AtZero.Accuracy), f(paper.Accuracy), f(r.AllBackground.Accuracy)},
		{"false positive", n[0] + " " + c.App.Rows() + " called " + n[1] + " / all", f(r.AtZero.FalsePositive), f(paper.FalsePositive), f(r.AllBackground.FalsePositive)},
		{"false negative", n[1] + " called " + n[0] + " / all", f(r.AtZero.FalseNegative), f(paper.FalseNegative), f(r.AllBackground.FalseNegative)},
		{"ROC AUC", "area under the ROC curve: 1 is perfect, 0.5 is guessing", f(r.AUC), "—", "0.5"},
	}
}

// PaperModel names the paper's column.
func (c *View) PaperModel() string { return experiment.PaperTable3For(c.shownModel()).Model }

// shownModel is the model kind of the flows the metrics describe (the
// settings' model before there are any).
func (c *View) shownModel() string {
	if f := c.App.Shown.Flows[0]; f != nil {
		return f.Config.Model
	}
	return c.App.State.Model
}

// ProgressTestID is the data-testid of class k's progress block.
func ProgressTestID(k int) string {
	if k == 1 {
		return "progress-signal"
	}
	return "progress-background"
}

// trainProgressText describes class k's progress in one line: epoch, step,
// the latest losses, and how it ended.
func trainProgressText(s *client.Session, k int) string {
	if s == nil {
		return ""
	}
	p := s.Class[k].Progress
	// An epoch's report can overtake the (throttled) progress report.
	epoch, step := p.Epoch, p.Step
	if h := s.Class[k].History; len(h) > 0 {
		epoch, step = max(epoch, h[len(h)-1].Epoch), max(step, h[len(h)-1].Steps)
	}
	text := fmt.Sprintf("epoch %d / %d · step %s", epoch, p.MaxEpochs, format.Thousands(step))
	if h := s.Class[k].History; len(h) > 0 {
		last := h[len(h)-1]
		text += fmt.Sprintf(" · train NLL %.3f · test NLL %.3f", last.TrainLoss, last.TestLoss)
	} else if p.Step > 0 {
		text += fmt.Sprintf(" · batch NLL %.3f", p.Loss)
	}
	if d := s.Class[k].Done; d != nil {
		text += " · " + doneText(d.Reason)
	} else if p.State == client.StatePaused {
		text += " · paused"
	}
	return text
}

// trainSpeedText is class k's speed, time used and time left, e.g.
// "41,000 samples/s · 3.2 s so far · about 12 s left".
func trainSpeedText(s *client.Session, r *app.Trace, k int) string {
	if s == nil || s.Class[k].Progress.MaxEpochs == 0 {
		return ""
	}
	p := s.Class[k].Progress
	var parts []string
	if s.Class[k].Done == nil && p.State == client.StateRunning {
		if sps := r.StepsPerSec(k); sps > 0 {
			n0, n1 := s.Split.Train.Counts()
			bs := min(s.Setup.Settings[k].BatchSize, max([2]int{n0, n1}[k], 1))
			parts = append(parts, format.Thousands(int(math.Round(sps*float64(bs))))+" samples/s")
		}
	}
	parts = append(parts, TrainDuration(p.Seconds)+" of training")
	if d := s.Class[k].Done; d != nil {
		parts[len(parts)-1] = TrainDuration(d.Seconds) + " of training"
	} else if eta, ok := r.ETA(k); ok {
		parts = append(parts, "at most about "+TrainDuration(eta)+" left")
	}
	return joinDot(parts)
}

func joinDot(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += " · "
		}
		out += p
	}
	return out
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

// Rendered brings the form controls in line with the render (see
// trainSyncControls).
func (c *View) Rendered() {
	browser.Current.SyncControls(c.el)
	c.moveFocus()
	c.drawGlance()
}

// setEl keeps the view's root element (vg-js-create).
func (c *View) setEl(v js.Value) { c.el = v }
