package trainview

import (
	"fmt"
	"strings"

	"flowlab/wasm/client"
	"flowlab/web/app"
)

// Run shows a run's progress: per class a bar, the epoch, losses,
// speed and time left; the workers and elapsed time; the numerical health;
// and a polite live region for screen readers. run.vugu is its
// template.
type Run struct {
	App *app.App
}

// ClassName names class k.
func (c *Run) ClassName(k int) string { return c.App.ClassName(k) }

// HasProgress reports whether class k has reported anything yet.
func (c *Run) HasProgress(k int) bool {
	return c.App.Session != nil && c.App.Session.Class[k].Progress.MaxEpochs > 0
}

// NoRunText stands in a progress card when there is no run: it says where
// the flows shown came from, so it never contradicts the rest of the page.
func (c *Run) NoRunText() string {
	if c.App.Shown.Label != "" {
		return "No run in progress. The flows shown are " + c.App.Shown.Label + "."
	}
	return "Not trained in this page yet."
}

// Fraction is class k's progress in [0, 1].
func (c *Run) Fraction(k int) float64 {
	if c.App.Session == nil {
		return 0
	}
	return c.App.Session.Fraction(k)
}

// ProgressText describes class k's progress in one line.
func (c *Run) ProgressText(k int) string { return trainProgressText(c.App.Session, k) }

// SpeedText gives class k's samples/s, training time and time left.
func (c *Run) SpeedText(k int) string { return trainSpeedText(c.App.Session, c.App.Trace(), k) }

// RunLine describes the whole run: workers in use, elapsed training time and
// the time left at most ("" without a run).
func (c *Run) RunLine() string {
	s := c.App.Session
	if s == nil {
		return ""
	}
	r := c.App.Trace()
	elapsed := 0.0
	for k := range 2 {
		elapsed = max(elapsed, s.Class[k].Progress.Seconds)
		if d := s.Class[k].Done; d != nil {
			elapsed = max(elapsed, d.Seconds)
		}
	}
	switch s.Phase {
	case client.PhaseScoring:
		return fmt.Sprintf("Both flows trained in %s; scoring the validation stars…", TrainDuration(elapsed))
	case client.PhaseDone, client.PhaseStopped:
		return fmt.Sprintf("Trained for %s (the slower flow's training time, pauses excluded).", TrainDuration(elapsed))
	case client.PhaseFailed:
		return ""
	}
	line := fmt.Sprintf("%s elapsed", TrainDuration(elapsed))
	if w := TrainWorkersText(c.App.ClassNames(), trainWorkers(s)); w != "" {
		line = w + " · " + line
	}
	eta, known := 0.0, false
	for k := range 2 {
		if e, ok := r.ETA(k); ok {
			eta, known = max(eta, e), true
		}
	}
	switch {
	case s.Paused():
		line += " · paused"
	case known:
		line += fmt.Sprintf(" · at most about %s left (converging early is possible: training stops when the test loss levels off)", TrainDuration(eta))
	}
	return line
}

// healthOf returns the health of the run, or else of the saved flows shown.
func (c *Run) healthOf() (h [2]TrainHealthClass, from string) {
	if s := c.App.Session; s != nil {
		for k := range 2 {
			h[k] = trainHealthOf(s.Class[k])
		}
		return h, "this run"
	}
	if p := c.App.Shown.Pair; p != nil {
		h[0], h[1] = trainHealthOfModel(p.Background), trainHealthOfModel(p.RRLyrae)
		return h, trainFlowsName(c.App)
	}
	return h, ""
}

// Health is the numerical health line ("" when unknown).
func (c *Run) Health() string {
	h, _ := c.healthOf()
	return TrainHealthText(c.App.ClassNames(), h)
}

// HealthFrom names whose health Health describes.
func (c *Run) HealthFrom() string {
	_, from := c.healthOf()
	return from
}

// trainFlowsName names the saved flows the page shows, briefly.
func trainFlowsName(a *app.App) string {
	switch {
	case strings.HasPrefix(a.Shown.Label, "pretrained"):
		return "the pretrained flows"
	case strings.HasPrefix(a.Shown.Label, "imported"):
		return "the imported flows"
	}
	return "the flows shown"
}

// Announcement is the live region's text (see TrainAnnouncement).
func (c *Run) Announcement() string { return TrainAnnouncement(c.App.Session) }
