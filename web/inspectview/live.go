package inspectview

import (
	"fmt"
	"time"

	"flowlab/flow"
	"flowlab/wasm/client"
	"flowlab/web/format"
)

// Live training: while a run trains, the inspector follows its flows
// through the snapshots the workers post (app.LiveFlows), redrawing the same
// tracked points (the same base draws) after each new snapshot. Every scene
// is computed on the page's thread while both workers train, so live scenes
// are smaller than a finished flow's, and one is started at most every
// liveGap after the last one ended: the workers keep their cores.
const (
	// LivePoints is the number of points tracked while the flows train.
	LivePoints = 3000
	// LiveGrid is the density heatmap's cells per side while training.
	LiveGrid = 48
	// liveBudget bounds one live scene's multiply-adds (a quarter of a
	// finished flow's inspectBudget).
	liveBudget = 2e8
	// liveGhost bounds the reference stars drawn while training.
	liveGhost = 1000
	// liveGap is the least time from one live scene's end to the next's start.
	liveGap = 1200 * time.Millisecond
)

// liveShown is the newest scene computed from training flows, kept on
// screen while the next snapshot's scene is computed.
type liveShown struct {
	session *client.Session
	key     sceneKey
	scene   *InspectScene
	flows   [2]*flow.Flow
	done    time.Time
	// followed is the session whose first live scene moved the level to
	// the data side.
	followed *client.Session
}

// Live reports whether the inspector follows flows that are training now.
func (c *View) Live() bool {
	_, ok := c.App.LiveFlows()
	return ok
}

// targetFlows are the flows the inspector should show: the training flows'
// latest snapshots during a run, else the classifier shown.
func (c *View) targetFlows() [2]*flow.Flow {
	if f, ok := c.App.LiveFlows(); ok {
		return f
	}
	return c.App.Shown.Flows
}

// flows are the flows whose scene is on screen: during a run, those of the
// newest live scene until the next one is ready.
func (c *View) flows() [2]*flow.Flow {
	f, ok := c.App.LiveFlows()
	if !ok {
		return c.App.Shown.Flows
	}
	if l := c.memo().live; l.scene != nil && l.session == c.App.Session {
		return l.flows
	}
	return f
}

// liveScene is the newest live scene that matches key but for the flow, so
// the picture stays while the next snapshot's scene is computed.
func (c *View) liveScene(key sceneKey) *InspectScene {
	l := c.memo().live
	if !c.Live() || l.scene == nil || l.session != c.App.Session {
		return nil
	}
	k := l.key
	if k.data != key.data || k.class != key.class || k.reverse != key.reverse || k.seed != key.seed {
		return nil
	}
	return l.scene
}

// liveWait reports whether the next live scene must wait: one is being
// computed, or the last one ended less than liveGap ago. A later render (the
// run posts progress several times a second) tries again.
func (c *View) liveWait() bool {
	m := c.memo()
	if c.App.Training() && !c.Live() && c.App.Session.Phase == client.PhaseTraining {
		// A run started but has sent no snapshot of both flows yet: wait for
		// it rather than trace the flows it replaces while the workers start.
		return true
	}
	if !c.Live() || c.liveScene(c.wantKey()) == nil {
		return false
	}
	return m.computing != nil || time.Since(m.live.done) < liveGap
}

// followLive moves the level to the data side when a run's flows first
// appear live, so the picture shows the shape being learned.
func (c *View) followLive() {
	m := c.memo()
	if !c.Live() || m.live.followed == c.App.Session {
		return
	}
	m.live.followed = c.App.Session
	if !c.App.State.Reverse {
		c.App.State.Layer = c.K()
	}
}

// LiveText says what the live picture shows.
func (c *View) LiveText() string {
	e := c.App.LiveEpochs()
	n := c.App.ClassNames()
	return fmt.Sprintf("Live: the flows as they train (%s after epoch %d, %s after epoch %d). The same %s points are traced again after each new snapshot, and the loss curves grow beside.",
		n[0], e[0], n[1], e[1], format.Thousands(LivePoints))
}

// FlowsText names the flows shown.
func (c *View) FlowsText() string {
	if c.Live() {
		return "Flows: training in this page now (live snapshots)"
	}
	return "Flows: " + c.App.Shown.Label
}

// BusyText says what the inspector is waiting for.
func (c *View) BusyText() string {
	if c.App.Training() && !c.Live() {
		return "Waiting for the first snapshot of the training flows (at the end of their first epoch)…"
	}
	return "Tracing the points through every layer…"
}
