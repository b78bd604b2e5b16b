package trainview

import (
	"fmt"
	"math"
	"strings"

	"flowlab/flow"
	"flowlab/wasm/client"
	"flowlab/web/app"
	"flowlab/web/format"
)

// TrainDuration formats seconds for people: "0.4 s", "12 s", "3 min 05 s",
// "1 h 02 min".
func TrainDuration(sec float64) string {
	switch {
	case !(sec >= 0):
		return "—"
	case sec < 9.95:
		return fmt.Sprintf("%.1f s", sec)
	case sec < 59.5:
		return fmt.Sprintf("%.0f s", math.Round(sec))
	case sec < 3599.5:
		s := int(math.Round(sec))
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	}
	m := int(math.Round(sec / 60))
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// RunWorkers is, per class flow still training, how many workers compute
// its batches (its worker plus data-parallel helpers) or, with OneFlowEach,
// train its ensemble's flows one per worker (client.StartMembers); 0 for a
// class that is done, and all 0 when no run is training.
type RunWorkers struct {
	Count       [2]int
	OneFlowEach [2]bool
}

// trainWorkers is the workers s trains with now.
func trainWorkers(s *client.Session) (w RunWorkers) {
	if s == nil || s.Phase != client.PhaseTraining {
		return w
	}
	for c := range 2 {
		if s.Class[c].Done != nil {
			continue
		}
		n := s.Class[c].Progress.Workers
		if n <= 0 {
			n = s.Workers[c]
		}
		w.Count[c] = max(n, 1)
		w.OneFlowEach[c] = s.Class[c].Progress.Members > 1
	}
	return w
}

// TrainWorkersText says how many workers a run uses and for what, with the
// data's class names, e.g. "3 workers in use: 2 share each background
// batch, 1 trains the RR Lyrae flow", or "4 workers in use: 2 train one
// background flow each, 2 train one RR Lyrae flow each"; "" when none are.
func TrainWorkersText(names [2]string, w RunWorkers) string {
	per := w.Count
	total := per[0] + per[1]
	if total == 0 {
		return ""
	}
	var parts []string
	for c := range 2 {
		switch n := per[c]; {
		case n == 1:
			parts = append(parts, "1 trains the "+names[c]+" flow")
		case n > 1 && w.OneFlowEach[c]:
			parts = append(parts, fmt.Sprintf("%d train one %s flow each", n, names[c]))
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d share each %s batch", n, names[c]))
		}
	}
	return fmt.Sprintf("%d %s in use: %s", total, format.Plural(total, "worker"), strings.Join(parts, ", "))
}

// TrainHealthClass is one class flow's numerical health.
type TrainHealthClass struct {
	Known         bool
	LastGoodEpoch int
	Rollbacks     int
	Saturation    float64 // fraction in [0, 1]
}

// trainHealthOf reads health from a run's class state (live progress for
// rollbacks and saturation, the last epoch for the last good epoch).
func trainHealthOf(cs client.ClassState) TrainHealthClass {
	h := TrainHealthClass{}
	if n := len(cs.History); n > 0 {
		last := cs.History[n-1]
		h = TrainHealthClass{Known: true, LastGoodEpoch: last.LastGoodEpoch, Rollbacks: last.Rollbacks, Saturation: last.Saturation}
	}
	if p := cs.Progress; p.MaxEpochs > 0 && p.Step > 0 {
		h.Known = true
		h.Rollbacks = max(h.Rollbacks, p.Rollbacks)
		h.Saturation = p.Saturation
	}
	return h
}

// trainHealthOfModel reads health from a saved flow's training history.
func trainHealthOfModel(m *flow.Model) TrainHealthClass {
	if m == nil || len(m.History) == 0 {
		return TrainHealthClass{}
	}
	last := m.History[len(m.History)-1]
	return TrainHealthClass{Known: true, LastGoodEpoch: last.LastGoodEpoch, Rollbacks: last.Rollbacks, Saturation: last.Saturation}
}

// TrainHealthText is the health line for both classes (named names), e.g. "background:
// last good epoch 3, 0 rollbacks, 0.2% saturated · RR Lyrae: …"; "" when
// nothing is known.
func TrainHealthText(names [2]string, h [2]TrainHealthClass) string {
	var parts []string
	total := 0
	for c := range 2 {
		if !h[c].Known {
			continue
		}
		total += h[c].Rollbacks
		good := "none yet"
		if h[c].LastGoodEpoch > 0 {
			good = fmt.Sprint(h[c].LastGoodEpoch)
		}
		parts = append(parts, fmt.Sprintf("%s: last good epoch %s, %d %s, %s of log-scales saturated",
			names[c], good, h[c].Rollbacks, format.Plural(h[c].Rollbacks, "rollback"), trainPercent(h[c].Saturation)))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " · ")
}

// trainPercent formats a fraction as a percentage with sensible precision.
func trainPercent(f float64) string {
	p := 100 * f
	switch {
	case p == 0:
		return "0%"
	case p < 0.1:
		return "<0.1%"
	case p < 10:
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.0f%%", p)
}

// TrainAnnouncement is the polite screen-reader line for a run: it changes
// only at phase changes, pauses and each quarter of a class's progress, so
// that it is not chatty. "" when there is no run.
func TrainAnnouncement(s *client.Session) string {
	if s == nil {
		return ""
	}
	switch s.Phase {
	case client.PhaseScoring:
		return "Both flows have stopped training; scoring the validation " + app.RowsFor(s.Features) + "."
	case client.PhaseDone, client.PhaseStopped, client.PhaseFailed:
		return "" // the page's status line says how the run ended
	}
	names := app.ClassNamesFor(s.Features)
	var parts []string
	for c := range 2 {
		name := names[c] + " flow"
		p := s.Class[c].Progress
		switch {
		case s.Class[c].Done != nil:
			parts = append(parts, name+" done")
		case p.MaxEpochs == 0:
			parts = append(parts, name+" starting")
		case p.State == client.StatePaused:
			parts = append(parts, fmt.Sprintf("%s paused after epoch %d of %d", name, p.Epoch, p.MaxEpochs))
		default:
			q := int(math.Floor(s.Fraction(c)*4)) * 25
			parts = append(parts, fmt.Sprintf("%s %d%%", name, min(q, 100)))
		}
	}
	lead := "Training: "
	if s.Paused() {
		lead = "Paused: "
	}
	return lead + strings.Join(parts, ", ") + "."
}
