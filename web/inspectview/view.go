package inspectview

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/vugu/vugu"
	vjs "github.com/vugu/vugu/js"

	"flowlab/flow"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/format"
)

// View shows a trained class flow layer by layer: points tracked from
// the base Gaussian to the data (or back), what each layer does, and the
// likelihood ledger of a chosen star. The canvas animation runs in
// assets/inspector.js from arrays handed over once per scene (see sync).
// view.vugu is its template.
type View struct {
	App *app.App

	host    vjs.Value // the element the canvas lives in, set by vg-js-create
	hostGen int       // bumped when vugu hands over a different element
	glue    inspectGlue
	pushed  inspectPushed

	spline      splineMemo    // the current spline layer's chart
	splineChart browser.Chart // its canvas host
}

// splineMemo is the last spline chart and what it was made from.
type splineMemo struct {
	scene  *InspectScene
	layer  int
	starID int
	chart  *SplineChart
}

// Spline is the chart of the current layer when it is a spline layer (nil
// otherwise): its curves for the clicked star, or else for the median of
// the shown points at the layer's data side.
func (c *View) Spline() *SplineChart {
	s, k := c.Scene(), c.CurrentLayer()
	if s == nil || k < 0 || k >= len(s.Layers) || s.Layers[k].Kind != "spline" || !c.Ready() {
		return nil
	}
	m := c.memo()
	if c.spline.scene == s && c.spline.layer == k && c.spline.starID == m.starID && c.spline.chart != nil {
		return c.spline.chart
	}
	var point []float64
	star := m.Star != nil && len(m.Star.X) == s.Dim
	if star {
		point = c.Flow().TraceInverse(m.Star.X, 1).Frames[k+1]
	} else {
		n, d := s.N, s.Dim
		point = medianRow(s.Frames[(k+1)*n*d:(k+2)*n*d], n, d)
	}
	coordName := make([]string, s.Dim)
	if k < len(s.Slots) {
		for feat, co := range s.Slots[k] {
			coordName[co] = featureName(c.Names(), feat)
		}
	}
	ch := NewSplineChart(c.Flow(), k, point, coordName, star, s.Reverse)
	c.spline = splineMemo{scene: s, layer: k, starID: m.starID, chart: ch}
	return ch
}

// inspectPushed is what the canvas was last given, so Rendered hands over
// only what changed.
type inspectPushed struct {
	hostGen, level, starID int
	scene                  *InspectScene
	view                   string
}

// Inspector limits.
const (
	// InspectPoints is the number of points tracked through a small flow.
	InspectPoints = 10000
	// InspectMaxGhost bounds the stars drawn as the faint data cloud.
	InspectMaxGhost = 3000
	// InspectGrid is the density heatmap's cells per side for 2-D data.
	InspectGrid = 96
	// inspectBudget is the multiply-adds one scene may cost in the page
	// (WebAssembly in Chromium manages about 2.5e8 a second on the inspector's
	// work): the quick flows get 10,000 points in about 0.4 s, the paper's Real
	// NVP 1,900 points in about 0.9 s. The paper's MADE costs four network
	// passes per point when sampling and gets the floor of 500 points.
	inspectBudget = 8e8
)

func (c *View) memo() *inspectMemo { return memoFor(c.App) }

// Ready reports whether there are flows to inspect that fit the data.
func (c *View) Ready() bool {
	a := c.App
	f := c.flows()
	return a.Data != nil && f[0] != nil && f[1] != nil && f[0].Dim() == a.Data.Dim && f[1].Dim() == a.Data.Dim
}

// EmptyText says why there is nothing to inspect yet and what to do.
func (c *View) EmptyText() string {
	a := c.App
	switch {
	case a.Data == nil:
		return "Loading the data…"
	case a.Shown.Flows[0] == nil || a.Shown.Flows[1] == nil:
		if a.State.Dataset == app.DatasetBundled && a.Training() {
			return "The flows are training; they appear here, live, as soon as each has finished its first epoch."
		}
		if a.State.Dataset == app.DatasetBundled {
			return "No flows yet: the pretrained flows for the RR Lyrae stars load here by themselves, or train your own in step 2 (the Quick preset takes seconds)."
		}
		return "No flows for this data yet: train a classifier in step 2 (the Quick preset takes seconds), then come back to watch it."
	}
	return "The shown flows were made for other features than the data now loaded: train again in step 2."
}

// Flow is the class flow shown.
func (c *View) Flow() *flow.Flow { return c.flows()[c.App.State.Flow] }

// Scene is the computed scene if it matches what is shown, else nil.
func (c *View) Scene() *InspectScene {
	if !c.Ready() {
		return nil
	}
	key := c.wantKey()
	if s := c.memo().scene(key); s != nil {
		return s
	}
	return c.liveScene(key)
}

// Computing reports whether the shown scene is still being computed.
func (c *View) Computing() bool { return c.Ready() && c.Scene() == nil }

func (c *View) wantKey() sceneKey {
	return sceneKey{flow: c.targetFlows()[c.App.State.Flow], data: c.App.Data, class: c.App.State.Flow, reverse: c.App.State.Reverse, seed: c.App.State.Seed}
}

// K is the number of layers of the shown flow (levels 0…K).
func (c *View) K() int {
	if !c.Ready() {
		return 0
	}
	return len(c.Flow().Layers())
}

// Level is the shown level, State.Layer clamped to 0…K.
func (c *View) Level() int { return min(max(c.App.State.Layer, 0), c.K()) }

// Dim is the number of features.
func (c *View) Dim() int { return c.App.Dim() }

// Names are the data's feature names.
func (c *View) Names() []string {
	if c.App.Data == nil {
		return nil
	}
	return c.App.Data.Names
}

// SetLayer moves the slider to level v (a decimal string from the input).
func (c *View) SetLayer(v string) {
	k, err := strconv.Atoi(v)
	if err != nil {
		return
	}
	m := c.memo()
	if m.Playing {
		c.pauseStage()
		m.Playing = false
	}
	c.App.State.Layer = min(max(k, 0), c.K())
	c.App.Changed()
}

// GoToLevel jumps to level k (from the layer list).
func (c *View) GoToLevel(k int) { c.SetLayer(strconv.Itoa(k)) }

// SetClass shows class k's flow (kept in the URL hash).
func (c *View) SetClass(k int) {
	if c.App.State.Flow == k {
		return
	}
	c.App.State.Flow = k
	c.App.Changed()
	m := c.memo()
	m.Playing = false
	c.pauseStage()
}

// ToggleDirection switches between sampling (base → data) and normalising
// (data → base).
func (c *View) ToggleDirection() {
	c.App.State.Reverse = !c.App.State.Reverse
	c.memo().Playing = false
	c.pauseStage()
	c.App.Changed()
}

// DirectionText labels the direction toggle.
func (c *View) DirectionText() string {
	if c.App.State.Reverse {
		return "Direction: data → base (normalising)"
	}
	return "Direction: base → data (sampling)"
}

// TogglePlay starts or pauses the animation. Play runs from the shown level
// to the end of the journey (level K going forward, 0 going back), starting
// over from the other end if it is already there.
func (c *View) TogglePlay() {
	m := c.memo()
	if m.Playing {
		c.pauseStage()
		m.Playing = false
		return
	}
	K := c.K()
	from, to := c.Level(), K
	if c.App.State.Reverse {
		to = 0
	}
	if from == to {
		from = K - to
	}
	m.Playing = true
	c.playStage(from, to)
}

// PlayText labels the play button.
func (c *View) PlayText() string {
	if c.memo().Playing {
		return "❚❚ Pause"
	}
	return "▶ Play"
}

// SetSpeed sets the play speed from the select's value.
func (c *View) SetSpeed(v string) {
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		c.memo().Speed = s
	}
}

// Speeds are the speed choices: value and label.
var Speeds = []struct{ Value, Label string }{
	{"0.25", "¼× slow motion"}, {"0.5", "½×"}, {"1", "1×"}, {"2", "2×"}, {"4", "4×"},
}

// SpeedSelected reports whether v is the current speed.
func (c *View) SpeedSelected(v string) bool {
	s, _ := strconv.ParseFloat(v, 64)
	return s == c.memo().Speed
}

// SetMatrix chooses between all pairs ("matrix") and one enlarged pair.
func (c *View) SetMatrix(v string) { c.memo().Matrix = v == "matrix" }

// ShowMatrix reports whether all pairs are drawn.
func (c *View) ShowMatrix() bool { return c.Dim() > 2 && c.Dim() <= 5 && c.memo().Matrix }

// SetPair sets the enlarged pair's x (axis 0) or y (axis 1) feature.
func (c *View) SetPair(axis int, v string) {
	f, err := strconv.Atoi(v)
	if err != nil || f < 0 || f >= c.Dim() {
		return
	}
	s := &c.App.State
	if axis == 0 {
		if f == s.PairY {
			s.PairY = s.PairX
		}
		s.PairX = f
	} else {
		if f == s.PairX {
			s.PairX = s.PairY
		}
		s.PairY = f
	}
	c.App.Changed()
}

// Toggle flips one of the drawing options: "follow", "heat", "ghost" or
// "points".
func (c *View) Toggle(what string, on bool) {
	m := c.memo()
	switch what {
	case "follow":
		m.Follow = on
	case "heat":
		m.Heat = on
	case "ghost":
		m.Ghost = on
	case "points":
		m.Points = on
	}
}

// LevelText describes the shown level in words.
func (c *View) LevelText() string {
	k, K := c.Level(), c.K()
	s := c.Scene()
	switch {
	case k == 0 && s != nil && s.MixtureBase:
		return fmt.Sprintf("Level 0 of %d: the base, a Gaussian mixture", K)
	case k == 0:
		return fmt.Sprintf("Level 0 of %d: the base, a standard normal", K)
	case k == K:
		return fmt.Sprintf("Level %d of %d: data space", K, K)
	case s != nil && s.Reverse && k < len(s.Layers):
		return fmt.Sprintf("Level %d of %d: %d · %s undone", k, K, k+1, s.Layers[k].Title)
	case s != nil && k-1 < len(s.Layers):
		return fmt.Sprintf("Level %d of %d: after %d · %s", k, K, k, s.Layers[k-1].Title)
	}
	return fmt.Sprintf("Level %d of %d", k, K)
}

// CurrentLayer is the index of the layer the shown level was just reached
// through: going forward the layer that produced it, going back the layer
// just undone; −1 at the journey's start.
func (c *View) CurrentLayer() int {
	k := c.Level()
	if c.App.State.Reverse {
		if k == c.K() {
			return -1
		}
		return k
	}
	return k - 1
}

// Layers lists the shown flow's layers, nil until the scene is ready.
func (c *View) Layers() []LayerSummary {
	if s := c.Scene(); s != nil {
		return s.Layers
	}
	return nil
}

// PointsText says what the points are and how they are coloured.
func (c *View) PointsText() string {
	s := c.Scene()
	if s == nil {
		return "Tracing points through the layers…"
	}
	cls, rows := c.App.ClassName(s.Class), c.App.Rows()
	if s.Reverse {
		t := fmt.Sprintf("%s %s %s pulled back towards the base, coloured by where they start in the data (hue: direction from the middle of the first two features; light: near the middle, dark: far out). At level 0 the black dots in a white rim are a true standard normal: a well-trained flow makes the two clouds match.", format.Thousands(s.N), cls, rows) + ensembleNote(c.Flow())
		if s.N < s.Wanted {
			t += fmt.Sprintf(" A random %s of the %s %s are shown: this flow is large, and it runs in this tab.", format.Thousands(s.N), format.Thousands(s.Wanted), rows)
		}
		return t
	}
	m := c.memo()
	stars := fmt.Sprintf("At the last level the black dots in a white rim, drawn on top, are real %s %s (%s shown) for comparison: click one to open its ledger.", cls, rows, format.Thousands(s.NGhost))
	if !m.Ghost {
		stars = "The real " + rows + " are hidden (Reference dots is unticked)."
	}
	if !m.Points {
		return "The flow's points are hidden (Points is unticked). " + stars
	}
	t := fmt.Sprintf("%s points drawn from the base Gaussian and pushed through the %s flow, coloured by where they start (hue: direction of (z₁, z₂); light: near the centre, dark: far out), so you can follow each one. ", format.Thousands(s.N), cls) + stars + mixtureNote(c.Flow()) + ensembleNote(c.Flow())
	if s.N < s.Wanted {
		t += fmt.Sprintf(" Only %s points (not %s) because this flow is large and runs in this tab.", format.Thousands(s.N), format.Thousands(s.Wanted))
	}
	return t
}

// DensityText explains the heatmap of a 2-D flow ("" when there is none).
func (c *View) DensityText() string {
	s := c.Scene()
	if s == nil || s.G == 0 {
		return ""
	}
	return fmt.Sprintf("Grey shading: the flow's exact density at the shown level on a %d×%d grid, by the change of variables: every grid point is pulled back through the layers so far and its base density multiplied by their |det J| (darkest at the peak, blank below e⁻⁷ of it).", s.G, s.G)
}

// ClickText tells the visitor how to open the ledger from the canvas.
func (c *View) ClickText() string {
	if h := c.memo().Hint; h != "" {
		return h
	}
	if c.App.State.Reverse {
		return c.App.Words("Click a {row} at any level to see its likelihood ledger below.")
	}
	return c.App.Words("At the last level, click a real {row} (black dot in a white rim) to see its likelihood ledger below.")
}

// CanvasLabel describes the canvas for screen readers.
func (c *View) CanvasLabel() string {
	return "Scatter plot of the tracked points. " + c.LevelText() + ". The layer list and the likelihood ledger give the same information as text."
}

// setHost records the canvas's host element. vugu calls it after every
// render with the element at that place, usually the same one.
func (c *View) setHost(v vjs.Value) {
	if c.hostGen > 0 && browser.Current.SameElement(c.host, v) {
		return
	}
	c.host = v
	c.hostGen++
}

// Compute runs before every build: it refreshes the ledger when the flows
// changed under it and the worst-star list when the evaluation changed.
func (c *View) Compute(ctx vugu.ComputeCtx) {
	m := c.memo()
	a := c.App
	c.followLive()
	if m.Star != nil && m.starFlows != c.flows() {
		if c.Ready() && len(m.Star.X) == a.Data.Dim {
			c.selectStar(m.Star.X, m.Star.Label, m.Star.Source)
		} else {
			m.Star = nil
			m.starID++
		}
	}
	if m.worstFor != a.Shown.Eval || m.worstCut != a.State.Cut {
		m.worstFor, m.worstCut = a.Shown.Eval, a.State.Cut
		m.worst = c.findWorst()
	}
}

// Rendered starts the scene computation when needed and hands the canvas
// what changed.
func (c *View) Rendered(ctx vugu.RenderedCtx) {
	if !c.Ready() {
		return
	}
	c.ensureScene()
	c.sync()
}

// Destroy stops the animation when the view goes away.
func (c *View) Destroy() { c.release() }

// ensureScene starts computing the wanted scene on a goroutine unless it is
// ready or under way. The goroutine works on a copy of the flow and stores
// the result under the render lock.
func (c *View) ensureScene() {
	m := c.memo()
	key := c.wantKey()
	if m.scene(key) != nil || (m.computing != nil && *m.computing == key) || c.liveWait() {
		return
	}
	m.computing = &key
	m.sceneErr = ""
	a := c.App
	clone, err := key.flow.Model().Flow()
	if err != nil {
		m.sceneErr = err.Error()
		return
	}
	d := a.Data
	in := SceneInput{Class: key.class, Reverse: key.reverse, Points: InspectPoints, Seed: key.seed,
		Names: d.Names, MaxGhost: InspectMaxGhost, Grid: InspectGrid, Budget: inspectBudget}
	live := c.Live()
	if live {
		in.Points, in.Grid, in.Budget, in.MaxGhost = LivePoints, LiveGrid, liveBudget, liveGhost
	}
	target := c.targetFlows()
	for i, y := range d.Y {
		if y == key.class {
			in.Rows = append(in.Rows, i)
			in.Data = append(in.Data, d.Row(i)...)
		}
	}
	env := a.Env
	go func() {
		s := BuildInspectScene(clone, in, app.BrowserYield)
		env.Lock()
		if m.computing != nil && *m.computing == key {
			m.computing = nil
		}
		m.addScene(key, s, target)
		if live {
			m.live = liveShown{session: a.Session, key: key, scene: s, flows: target, done: time.Now(), followed: m.live.followed}
		}
		env.UnlockRender()
	}()
}

// onStage handles an event from the canvas (under the render lock).
func (c *View) onStage(kind string, v float64) {
	m := c.memo()
	switch kind {
	case "level":
		k := int(math.Round(v))
		c.App.State.Layer = k
		c.pushed.level = k
		c.App.Changed()
	case "play":
		m.Playing = v == 1
		if !m.Playing {
			c.pushed.level = c.App.State.Layer
		}
	case "pick":
		s := c.Scene()
		i := int(v)
		if s == nil {
			return
		}
		rows := s.GhostRows
		if s.Reverse {
			rows = s.PointRows
		}
		if i < 0 || i >= len(rows) {
			if !s.Reverse && c.Level() != c.K() {
				m.Hint = c.App.Words("The real {rows} are at the last level: move the slider to the end, then click a black dot.")
			} else {
				m.Hint = c.App.Words("No {row} there: click closer to a dot.")
			}
			return
		}
		r := rows[i]
		c.selectStar(c.App.Data.Row(r), c.App.Data.Y[r], fmt.Sprintf("Clicked star: row %s of the data", format.Thousands(r+1)))
		m.Hint = ""
	}
}

// selectStar opens the ledger of the star x.
func (c *View) selectStar(x []float64, label int, source string) {
	m := c.memo()
	m.Star = NewLedgerEntry(c.flows(), x, label, source)
	m.starFlows = c.flows()
	m.starID++
}

// markerPath is the selected star's position at every level of the shown
// flow ((K+1)×Dim), nil if there is none.
func (c *View) markerPath() []float32 {
	m := c.memo()
	if m.Star == nil || !c.Ready() {
		return nil
	}
	t := c.Flow().TraceInverse(m.Star.X, 1)
	out := make([]float32, 0, len(t.Frames)*len(m.Star.X))
	for _, fr := range t.Frames {
		for _, v := range fr {
			out = append(out, float32(v))
		}
	}
	return out
}

// findWorst lists the validation stars the shown classifier gets most
// wrong, if the evaluation matches the current split.
func (c *View) findWorst() []WorstStar {
	a := c.App
	e := a.Shown.Eval
	if e == nil || a.Data == nil || len(e.T) != len(e.Labels) {
		return nil
	}
	valid := a.Split().Valid
	if valid.Len() != len(e.Labels) {
		return nil
	}
	for i, y := range e.Labels {
		if valid.Y[i] != y {
			return nil
		}
	}
	rr, bg := WorstMisclassified(e.T, e.Labels, a.State.Cut, 5)
	var out []WorstStar
	for _, i := range rr {
		out = append(out, WorstStar{Row: i, Label: 1, T: e.T[i]})
	}
	for _, i := range bg {
		out = append(out, WorstStar{Row: i, Label: 0, T: e.T[i]})
	}
	return out
}

// PickWorst opens the ledger of validation star row.
func (c *View) PickWorst(w WorstStar) {
	valid := c.App.Split().Valid
	if w.Row < 0 || w.Row >= valid.Len() || !c.Ready() {
		return
	}
	c.selectStar(valid.Row(w.Row), valid.Y[w.Row], fmt.Sprintf("Validation star #%s", format.Thousands(w.Row+1)))
	c.memo().Hint = ""
}

// sceneMeta is the JSON the canvas gets with a scene's arrays.
type sceneMeta struct {
	Dim         int            `json:"dim"`
	K           int            `json:"K"`
	N           int            `json:"n"`
	NGhost      int            `json:"nGhost"`
	GhostLevel  int            `json:"ghostLevel"`
	Names       []string       `json:"names"`
	Slots       [][]int        `json:"slots"`
	Ranges      [][][2]float64 `json:"ranges"`
	Kinds       []string       `json:"kinds"`
	LayerTitles []string       `json:"layerTitles"`
	G           int            `json:"G"`
	HeatMax     []float64      `json:"heatMax"`
	Reverse     bool           `json:"reverse"`
	Class       int            `json:"klass"`
}

// metaJSON encodes what the canvas needs besides the arrays.
func metaJSON(s *InspectScene, names []string) ([]byte, error) {
	titles := make([]string, len(names))
	for i := range names {
		titles[i] = featureName(names, i)
	}
	m := sceneMeta{Dim: s.Dim, K: s.K, N: s.N, NGhost: s.NGhost, GhostLevel: s.GhostLevel, Names: titles,
		Slots: s.Slots, Ranges: s.Ranges, G: s.G, HeatMax: s.HeatMax, Reverse: s.Reverse, Class: s.Class}
	for _, l := range s.Layers {
		m.Kinds = append(m.Kinds, l.Kind)
		m.LayerTitles = append(m.LayerTitles, l.Title)
	}
	return json.Marshal(m)
}

// viewJSON encodes the drawing options for the canvas.
func (c *View) viewJSON() string {
	m := c.memo()
	mode := "pair"
	if c.ShowMatrix() {
		mode = "matrix"
	}
	b, _ := json.Marshal(map[string]any{"mode": mode, "px": c.App.State.PairX, "py": c.App.State.PairY,
		"follow": m.Follow, "heat": m.Heat, "ghost": m.Ghost, "points": m.Points, "speed": m.Speed})
	return string(b)
}
