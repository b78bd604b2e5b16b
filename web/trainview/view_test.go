package trainview

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"time"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/web/app"
	"flowlab/web/internal/webtest"
	"flowlab/web/plot"
)

// TestTrainViewEditing checks that editing a field applies a usable value
// and switches the preset to custom, and that an unusable one is shown with
// its problem, disables Train and keeps every other value.
func TestTrainViewEditing(t *testing.T) {
	a := app.NewApp("")
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	changes := 0
	a.OnChange = func() { changes++ }
	v := &View{App: a}

	v.SetPreset(app.TrainChoicePaperMADE)
	if a.State.Model != flow.ModelMADE || a.State.Preset != experiment.PresetPaper || a.State.Units != 200 {
		t.Fatalf("paper MADE preset gave %+v", a.State)
	}
	v.FieldInput("units", "16")
	if a.State.Units != 16 || a.State.Preset != app.PresetCustom || app.TrainChoice(a.State) != app.PresetCustom {
		t.Errorf("after editing units: units %d, preset %q", a.State.Units, a.State.Preset)
	}
	v.FieldInput("units", "16") // the same value again: still custom, nothing else changes
	before := a.State
	v.FieldInput("layers", "0")
	if a.State != before {
		t.Errorf("an invalid value changed the state: %+v", a.State)
	}
	if v.FieldError("layers") == "" || v.CanTrain() || !strings.Contains(v.Blocker(), "Fix") {
		t.Errorf("layers 0: error %q, can train %v, blocker %q", v.FieldError("layers"), v.CanTrain(), v.Blocker())
	}
	layers, _ := app.TrainFieldByKey("layers")
	units, _ := app.TrainFieldByKey("units")
	if v.FieldText(layers) != "0" || v.FieldText(units) != "16" {
		t.Errorf("the form shows layers %q, units %q; want what was typed, 0 and 16", v.FieldText(layers), v.FieldText(units))
	}
	html := webtest.RenderStatic(t, v)
	for _, want := range []string{`data-testid="error-layers"`, "must be between 1 and 32", `aria-invalid="true"`, `data-testid="train-button"`} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered view lacks %q", want)
		}
	}
	if !hasDisabled(html, "train-button") {
		t.Errorf("Train is not disabled in the HTML")
	}
	v.FieldInput("layers", "2")
	if v.FieldError("layers") != "" || a.State.Layers != 2 || !v.CanTrain() {
		t.Errorf("after fixing: error %q, layers %d, can train %v", v.FieldError("layers"), a.State.Layers, v.CanTrain())
	}
	v.SetFlag("std", false)
	if a.State.Std {
		t.Errorf("standardisation still on")
	}
	v.SetModel(flow.ModelRealNVP)
	if a.State.Model != flow.ModelRealNVP || a.State.Units != 16 {
		t.Errorf("a custom model switch must keep the values: %+v", a.State)
	}
	v.FieldInput("lr0", "5")
	if !strings.Contains(v.FieldError("lr0"), "between") || v.CanTrain() {
		t.Errorf("lr 5: error %q, can train %v", v.FieldError("lr0"), v.CanTrain())
	}
	v.SetPreset(app.TrainChoiceQuick) // a preset replaces every field, typed problems included
	if v.HasErrors() || a.State.Preset != experiment.PresetQuick || !v.CanTrain() {
		t.Errorf("after the quick preset: errors %v, preset %q", v.form.errs, a.State.Preset)
	}
	if changes == 0 {
		t.Errorf("the URL hash was never told about the changes")
	}
}

// hasDisabled reports whether the element with data-testid id has a
// disabled attribute (attribute order in static HTML is not fixed).
func hasDisabled(html, id string) bool {
	i := strings.Index(html, `data-testid="`+id+`"`)
	if i < 0 {
		return false
	}
	start := strings.LastIndex(html[:i], "<")
	end := i + strings.Index(html[i:], ">")
	return strings.Contains(html[start:end], "disabled")
}

// TestTrainViewRender checks the static page: presets, every field with its
// explanation, the architecture summary and the steps per epoch.
func TestTrainViewRender(t *testing.T) {
	a := app.NewApp("")
	a.SetData(webtest.Gauss4(200), "four features", "upload")
	v := &View{App: a}
	v.SetPreset(app.TrainChoicePaperRealNVP)
	page := webtest.RenderStatic(t, v)
	want := []string{
		`value="paper-realnvp"`, `value="paper-made"`, `value="quick"`,
		"248,032 parameters per flow",
		"Steps per epoch: class 0",
		`data-testid="pause-button"`, `data-testid="resume-button"`, `data-testid="step-button"`,
		`data-testid="stop-button"`, `data-testid="reset-button"`, `aria-live="polite"`,
		"Loss curves appear here",
	}
	for _, f := range app.TrainFields {
		want = append(want, `data-testid="field-`+f.Key+`"`, html.EscapeString(f.HelpFor(a)))
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("rendered view lacks %q", w)
		}
	}
	if strings.Contains(page, `data-testid="confirm-bar"`) {
		t.Errorf("a confirm bar without a run")
	}
}

// TestTrainViewControls runs a long training in goroutine workers and
// drives it as a visitor would: Pause, Step one epoch, a change that asks
// before discarding (kept, then discarded), Resume and Stop — checking which
// controls are enabled at each point.
func TestTrainViewControls(t *testing.T) {
	env := &webtest.LockEnv{}
	a := app.NewApp("layers=2&units=8&e0=10000&e1=10000&b0=64&b1=32&tol=-1")
	a.Env, a.NewConn = env, webtest.GoConns
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	v := &View{App: a}
	locked := func(f func()) {
		env.Lock()
		defer env.Unlock()
		f()
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second) // a hang guard, not a timing target
		for time.Now().Before(deadline) {
			ok := false
			locked(func() { ok = cond() })
			if ok {
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		locked(func() {
			for c := range 2 {
				t.Logf("class %d: progress %+v, %d epochs, done %v", c, a.Session.Class[c].Progress, len(a.Session.Class[c].History), a.Session.Class[c].Done)
			}
		})
		t.Fatalf("timed out waiting until %s", what)
	}
	enabled := func() string {
		return strings.Join([]string{boolStr(v.CanTrain(), "train"), boolStr(v.CanPause(), "pause"),
			boolStr(v.CanResume(), "resume"), boolStr(v.CanStop(), "stop"), boolStr(v.CanReset(), "reset")}, " ")
	}

	locked(func() {
		if got := enabled(); got != "train - - - -" {
			t.Errorf("before a run: %s", got)
		}
		v.Train()
	})
	wait("both flows take steps", func() bool {
		return a.Session.Class[0].Progress.Step > 0 && a.Session.Class[1].Progress.Step > 0
	})
	locked(func() {
		if got := enabled(); got != "- pause - stop reset" {
			t.Errorf("running: %s", got)
		}
		v.Pause()
	})
	wait("paused", func() bool { return a.Session.Paused() })
	var steps, epochs [2]int
	locked(func() {
		if got, state := enabled(), v.RunState(); got != "- - resume stop reset" || state != "paused" {
			t.Errorf("paused: %s, state %q", got, state)
		}
		v.Compute()
		if !strings.HasPrefix(a.Status, "Paused (class 0 after epoch") && strings.Contains(a.Status, "class 1 after epoch") {
			t.Errorf("status once paused: %q", a.Status)
		}
		for c := range 2 {
			steps[c], epochs[c] = a.Session.Class[c].Progress.Step, len(a.Session.Class[c].History)
		}
	})
	time.Sleep(30 * time.Millisecond)
	locked(func() {
		for c := range 2 {
			if got := a.Session.Class[c].Progress.Step; got != steps[c] {
				t.Errorf("class %d took steps while paused: %d → %d", c, steps[c], got)
			}
		}
		v.StepEpoch()
		v.Compute() // the workers have not answered yet: still stepping
		if a.Status != trainStepping {
			t.Errorf("status right after Step one epoch: %q", a.Status)
		}
	})
	wait("one more epoch each, then paused", func() bool {
		return a.Session.Paused() && len(a.Session.Class[0].History) > epochs[0] && len(a.Session.Class[1].History) > epochs[1]
	})
	locked(func() {
		v.Compute()
		if !strings.HasPrefix(a.Status, "Paused (") {
			t.Errorf("status after one more epoch: %q", a.Status)
		}
		// One whole epoch of steps of each flow training (an ensemble's
		// flows train at once, client.StartMembers), ending on an epoch's
		// end: one epoch more if it was paused at an end, two if in the
		// middle of one.
		for c := range 2 {
			p := a.Session.Class[c].Progress
			k := max(1, p.Members)
			got := len(a.Session.Class[c].History)
			if got < epochs[c]+k || got > epochs[c]+2*k || p.Step-steps[c] < k*p.StepsPerEpoch {
				t.Errorf("class %d: %d epochs after Step one epoch from %d; steps %d → %d (%d an epoch)", c, got, epochs[c], steps[c], p.Step, p.StepsPerEpoch)
			}
		}
		// A change during the run waits for confirmation.
		v.FieldInput("units", "12")
		if !v.Confirming() || a.State.Units != 8 {
			t.Errorf("a change during a run: confirming %v, units %d", v.Confirming(), a.State.Units)
		}
		units, _ := app.TrainFieldByKey("units")
		if v.FieldText(units) != "12" {
			t.Errorf("the form shows units %q while asking, want 12", v.FieldText(units))
		}
		html := webtest.RenderStatic(t, v)
		if !strings.Contains(html, "Discard the current run and apply the change?") {
			t.Errorf("no confirm bar in the page")
		}
		v.KeepTraining()
		if v.Confirming() || v.FieldText(units) != "8" || a.Session == nil {
			t.Errorf("after Keep training: confirming %v, units %q", v.Confirming(), v.FieldText(units))
		}
		v.Resume()
	})
	wait("running again", func() bool { return !a.Session.Paused() })
	locked(func() {
		v.SetPreset(app.TrainChoicePaperMADE)
		if !v.Confirming() || a.State.Model != flow.ModelRealNVP {
			t.Errorf("a preset change during a run must ask first")
		}
		v.Discard()
		if a.Session != nil || a.State.Model != flow.ModelMADE || a.State.Preset != experiment.PresetPaper || v.Confirming() {
			t.Errorf("after Discard: session %v, state %+v", a.Session, a.State)
		}
		if got := enabled(); got != "train - - - -" {
			t.Errorf("after Discard: %s", got)
		}
		// A new run, stopped: long enough that it cannot end before Stop.
		v.FieldInput("units", "8")
		v.FieldInput("hidden", "1")
		v.FieldInput("e0", "10000")
		v.FieldInput("e1", "10000")
		v.Train()
	})
	wait("the new run takes steps", func() bool { return a.Session.Class[0].Progress.Step > 0 })
	locked(func() { v.Stop() })
	webtest.WaitPhase(t, a, env, client.PhaseStopped)
	locked(func() {
		if got := enabled(); got != "train - - - reset" {
			t.Errorf("stopped: %s", got)
		}
		v.Reset()
		if a.Session != nil || a.Shown.Flows[0] == nil {
			t.Errorf("Reset must forget the run but keep its flows: session %v, flows %v", a.Session, a.Shown.Flows)
		}
	})
}

func boolStr(b bool, name string) string {
	if b {
		return name
	}
	return "-"
}

// TestTrainViewPendingAppliesWhenRunEnds checks that a change waiting for
// confirmation is applied once the run ends by itself.
func TestTrainViewPendingAppliesWhenRunEnds(t *testing.T) {
	a := app.NewApp("")
	a.Session = &client.Session{Phase: client.PhaseTraining}
	v := &View{App: a}
	v.FieldInput("units", "20")
	if !v.Confirming() || a.State.Units == 20 {
		t.Fatalf("confirming %v, units %d", v.Confirming(), a.State.Units)
	}
	a.Session.Phase = client.PhaseDone
	v.Compute()
	if v.Confirming() || a.State.Units != 20 || a.State.Preset != app.PresetCustom {
		t.Errorf("after the run ended: confirming %v, units %d, preset %q", v.Confirming(), a.State.Units, a.State.Preset)
	}
}

// TestLossFigures checks the loss chart's data: one panel per class with the
// batch, train and test series in class colours, and the learning rate.
func TestLossFigures(t *testing.T) {
	hist := []flow.EpochStats{
		{Epoch: 1, Steps: 10, TrainLoss: 3, TestLoss: 2.5, LastLoss: 2.8, LR: 1e-3},
		{Epoch: 2, Steps: 20, TrainLoss: 2, TestLoss: 2.1, LastLoss: 1.9, LR: 5e-4},
	}
	batch := []app.TracePoint{{Step: 5, Loss: 4, LR: 1e-3}, {Step: 15, Loss: 2.2, LR: 8e-4}, {Step: 25, Loss: 1.8, LR: 3e-4}}
	src := [2]lossClass{{History: hist, Batch: batch, LRStart: 1e-3}, {History: hist[:1], LRStart: 2e-3}}
	loss, lr := lossFigures(app.ClassNamesFor(nil), src, false, 2)
	if len(loss.Panels) != 2 || len(lr.Panels) != 1 {
		t.Fatalf("%d loss panels, %d lr panels", len(loss.Panels), len(lr.Panels))
	}
	names := func(p int) string {
		var n []string
		for _, s := range loss.Panels[p].Series {
			n = append(n, s.Name)
		}
		return strings.Join(n, ",")
	}
	if got := names(0); got != "batch,train (epoch mean),test" {
		t.Errorf("background series %q", got)
	}
	if got := names(1); got != "last batch,train (epoch mean),test,," { // one epoch: dots too
		t.Errorf("RR Lyrae series %q", got)
	}
	if c := loss.Panels[1].Series[0].Color; c != "#E69F00" {
		t.Errorf("RR Lyrae colour %s", c)
	}
	p := loss.Panels[0]
	if p.Y.Min > 1.8 || p.Y.Max < 4 {
		t.Errorf("y range %g…%g does not hold the losses 1.8…4", p.Y.Min, p.Y.Max)
	}
	lrs := lr.Panels[0].Series
	if len(lrs) != 2 || lrs[0].X[0] != 1 || lrs[0].Y[0] != 1e-3 || lrs[1].Y[0] != 2e-3 {
		t.Errorf("learning-rate series %+v", lrs)
	}
	for i := 1; i < len(lrs[0].X); i++ {
		if lrs[0].X[i] <= lrs[0].X[i-1] {
			t.Errorf("learning-rate steps not increasing: %v", lrs[0].X)
		}
	}
	if !lr.Panels[0].Y.Log || len(lr.Panels[0].Y.Ticks) == 0 {
		t.Errorf("learning-rate axis %+v", lr.Panels[0].Y)
	}
	if x := loss.Panels[0].X; x.Min != 0 || x.Max < 25 || x.Max > 30 {
		t.Errorf("linear step axis %g…%g for steps up to 25", x.Min, x.Max)
	}
	logLoss, logLR := lossFigures(app.ClassNamesFor(nil), src, true, 1)
	for _, x := range []plot.Axis{logLoss.Panels[0].X, logLR.Panels[0].X} {
		if !x.Log || x.Min != 1 || x.Max < 25 || x.Max > 30 {
			t.Errorf("log step axis %+v for steps up to 25", x)
		}
	}
	if logLoss.Cols != 1 {
		t.Errorf("%d columns, want 1", logLoss.Cols)
	}
	// A single wild batch does not set the scale.
	wild := append(append([]app.TracePoint{}, batch...), app.TracePoint{Step: 30, Loss: 1e6, LR: 1e-4})
	for i := range 100 {
		wild = append(wild, app.TracePoint{Step: 31 + i, Loss: 2, LR: 1e-4})
	}
	src[0].Batch = wild
	loss, _ = lossFigures(app.ClassNamesFor(nil), src, false, 2)
	if loss.Panels[0].Y.Max > 100 {
		t.Errorf("one batch of loss 1e6 stretched the axis to %g", loss.Panels[0].Y.Max)
	}
}

// TestTrainProgressText checks the progress line, including an epoch
// report that arrived before the throttled progress report caught up.
func TestTrainProgressText(t *testing.T) {
	s := &client.Session{Phase: client.PhaseTraining}
	s.Class[0].Progress = client.Progress{State: client.StateRunning, Epoch: 0, MaxEpochs: 40, Step: 270, StepsPerEpoch: 742, Loss: -6.2}
	if got, want := trainProgressText(s, 0), "epoch 0 / 40 · step 270 · batch NLL -6.200"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	s.Class[0].History = []flow.EpochStats{{Epoch: 1, Steps: 742, TrainLoss: -6.335, TestLoss: -6.451}}
	if got, want := trainProgressText(s, 0), "epoch 1 / 40 · step 742 · train NLL -6.335 · test NLL -6.451"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	s.Class[0].Progress.State = client.StatePaused
	if got := trainProgressText(s, 0); !strings.HasSuffix(got, " · paused") {
		t.Errorf("paused: %q", got)
	}
	s.Class[0].Done = &client.Done{Reason: flow.ReasonCancelled}
	if got := trainProgressText(s, 0); !strings.HasSuffix(got, " · stopped") {
		t.Errorf("stopped: %q", got)
	}
}

// TestStepsSummarySized: on a small table the summary states the epochs
// training will run (the Quick preset's, raised by experiment.SizedFor), also
// after an edit that makes the settings custom, and the visitor's own epochs
// once typed.
func TestStepsSummarySized(t *testing.T) {
	a := app.NewApp("")
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	v := &View{App: a}
	n0, n1 := a.Split().Train.Counts()
	st0, st1 := app.StepsPerEpoch(n0, a.State.Batch0), app.StepsPerEpoch(n1, a.State.Batch1)
	atMost := func(text string) (int, int) {
		t.Helper()
		var x, y int
		i := strings.Index(text, "at most ")
		if i < 0 {
			t.Fatalf("no steps in %q", text)
		}
		if _, err := fmt.Sscanf(strings.ReplaceAll(text[i:], ",", ""), "at most %d and %d steps", &x, &y); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		return x, y
	}
	for _, edit := range []struct{ key, text string }{{"", ""}, {"ens", "2"}, {"layers", "3"}} {
		if edit.key != "" {
			v.FieldInput(edit.key, edit.text)
		}
		text := v.StepsSummary()
		members := max(1, a.State.Members)
		x, y := atMost(text)
		if x < members*experiment.MinQuickSteps || y < members*experiment.MinQuickSteps || x%(st0*members) != 0 || y%(st1*members) != 0 {
			t.Errorf("after %s=%s (%s): at most %d and %d steps; want whole epochs of %d and %d, at least %d a flow",
				edit.key, edit.text, a.State.Preset, x, y, st0, st1, experiment.MinQuickSteps)
		}
		if !strings.Contains(text, "raised") {
			t.Errorf("after %s=%s the summary does not say the epochs were raised: %q", edit.key, edit.text, text)
		}
	}
	v.FieldInput("e0", "3") // the visitor's own epochs are kept
	if x, _ := atMost(v.StepsSummary()); x != 3*st0*a.State.Members {
		t.Errorf("typed 3 background epochs: at most %d steps, want %d", x, 3*st0*a.State.Members)
	}
}
