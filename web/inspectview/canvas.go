package inspectview

import (
	"fmt"

	vjs "github.com/vugu/vugu/js"

	"flowlab/web/browser"
	"flowlab/web/plot"
)

// inspectGlue is the inspector's animated canvas (assets/inspector.js) on
// the element it was attached to.
type inspectGlue struct {
	host  vjs.Value
	stage browser.Stage // nil until attached
}

// sync hands the canvas whatever changed since the last call: a new scene
// (once per scene), the drawing options, the level, the selected star's
// path.
func (c *View) sync() {
	host := c.host
	if host.IsUndefined() || host.IsNull() {
		return
	}
	g := &c.glue
	if g.stage == nil || !browser.Current.SameElement(g.host, host) {
		if g.stage != nil {
			g.stage.Detach()
		}
		env := c.App.Env
		g.stage = browser.Current.Stage(host, func(kind string, v float64) {
			go func() { // never block inside a JS callback
				env.Lock()
				c.onStage(kind, v)
				env.UnlockRender()
			}()
		})
		if g.stage == nil {
			return
		}
		g.host = host
		c.pushed = inspectPushed{hostGen: -1, level: -1, starID: -1}
	}
	st := g.stage
	m := c.memo()
	s := c.Scene()
	if s == nil {
		return
	}
	if view := c.viewJSON(); view != c.pushed.view {
		st.SetView(view)
		c.pushed.view = view
	}
	level := c.Level()
	if c.pushed.scene != s || c.pushed.hostGen != c.hostGen {
		meta, err := metaJSON(s, c.Names())
		if err != nil {
			c.App.Err = "The inspector could not draw this flow: " + err.Error()
			return
		}
		var heat []float32
		if s.G > 0 {
			heat = s.Heat
			if heat == nil {
				heat = []float32{}
			}
		}
		autoplay := !m.autoplayed && level == 0 && !s.Reverse && !c.Live()
		m.autoplayed = m.autoplayed || !c.Live()
		st.SetScene(string(meta), s.Frames, s.Colors, s.Ghost, heat, level, autoplay)
		c.pushed.scene, c.pushed.hostGen, c.pushed.level = s, c.hostGen, level
		c.pushed.starID = -1
	}
	if !m.Playing && level != c.pushed.level {
		st.SetLevel(level)
		c.pushed.level = level
	}
	if m.starID != c.pushed.starID {
		st.SetMarker(c.markerPath())
		c.pushed.starID = m.starID
	}
}

// playStage asks the canvas to play from level from to level to.
func (c *View) playStage(from, to int) {
	if c.glue.stage != nil {
		c.glue.stage.Play(from, to)
	}
}

// pauseStage stops the canvas animation where it is.
func (c *View) pauseStage() {
	if c.glue.stage != nil {
		c.glue.stage.Pause()
	}
}

// release detaches the canvas and frees the callback.
func (c *View) release() {
	g := &c.glue
	if g.stage == nil {
		return
	}
	g.stage.Detach()
	*g = inspectGlue{}
	memoFor(c.App).Playing = false
}

// splineSpecs is the spline chart's canvas; DrawPlot names it after its chart.
var splineSpecs = []browser.CanvasSpec{{Class: "insp-spline-canvas", TestID: "spline-canvas", Label: "Spline curves"}}

// splinePopulated draws the spline chart into its host after a render
// (vg-js-populate), when the chart or the host's width changed.
func (c *View) splinePopulated(v vjs.Value) {
	ch := c.Spline()
	if ch == nil {
		return
	}
	if c.splineChart.Specs == nil {
		c.splineChart = browser.Chart{Name: "spline chart", Specs: splineSpecs}
	}
	w := c.splineChart.Prepare(v, c.App.Env)
	if key := fmt.Sprintf("%p", ch); w > 0 && !c.splineChart.Drawn(key) {
		c.splineChart.Draw(key, []plot.Figure{ch.Figure(w)}, ch.Describe())
	}
}
