package inspectview

import (
	"math"
	"math/rand/v2"
	"slices"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// InspectScene is everything the flow inspector draws for one class flow and
// one direction, computed once and handed to assets/inspector.js as typed
// arrays. Level k = 0 … K is the batch after the first k layers (0 the base,
// K the data); coordinates are the flow's own at that level.
type InspectScene struct {
	Class   int
	Reverse bool // data pulled back to the base (else base samples pushed forward)
	Dim, K  int  // features; number of layers, so levels 0…K
	// MixtureBase says the base is the flow's Gaussian mixture (else the
	// standard normal).
	MixtureBase bool
	N           int // tracked points
	Wanted      int // points asked for; N < Wanted when the flow is large

	// Frames holds every level: point i's coordinate j at level k is
	// Frames[(k·N+i)·Dim+j].
	Frames []float32
	// Colors is each tracked point's RGB colour (N×3), set by its position
	// where its journey starts: the base (forward) or the data (reverse).
	Colors []uint8

	// Ghost is a faint reference cloud at GhostLevel (NGhost×Dim): the class
	// data at level K going forward, samples of the base Gaussian at level 0
	// going back.
	Ghost      []float32
	NGhost     int
	GhostLevel int
	// GhostRows (forward) and PointRows (reverse) are the dataset rows of
	// the data points shown, so a click can name its star; nil otherwise.
	GhostRows, PointRows []int

	// Ranges[k][j] is the display range [lo, hi] of coordinate j at level k.
	Ranges [][][2]float64
	// Slots[k][f] is the coordinate at level k that becomes feature f in the
	// data: the permutations between layers only rename coordinates, and
	// following Slots keeps each feature on its own axis.
	Slots [][]int

	// G×G log-density grids per level, for 2-D flows only (else G = 0): level
	// k's grid spans Ranges[k][0]×Ranges[k][1], cell (i, j) at
	// Heat[(k·G+j)·G+i], j counting up from the bottom. HeatMax[k] is its
	// largest finite value.
	Heat    []float32
	HeatMax []float64
	G       int

	Layers []LayerSummary
}

// SceneInput says what BuildInspectScene shows.
type SceneInput struct {
	Class   int
	Reverse bool
	Points  int    // tracked points wanted (going back: at most the class's rows)
	Seed    uint64 // base samples come from experiment.SampleRNG(Seed)
	Names   []string
	// Data holds the class's rows (len(Rows)×dim) and Rows their indices in
	// the dataset.
	Data []float64
	Rows []int
	// MaxGhost bounds the faint reference cloud.
	MaxGhost int
	// Grid is the heatmap cells per side wanted for 2-D flows (0: none).
	Grid int
	// Budget is the multiply-adds the scene may cost; large flows get fewer
	// points and a coarser grid.
	Budget float64
}

// minScenePoints is the fewest tracked points a large flow is cut to.
const minScenePoints = 500

// sceneChunk is the rows traced between two yields.
const sceneChunk = 1000

// BuildInspectScene traces the points of in through f and summarises its
// layers. yield (if not nil) is called between chunks of work so a browser
// page can paint. f's layer workspaces are used: f must not be in use
// elsewhere at the same time.
func BuildInspectScene(f *flow.Flow, in SceneInput, yield func()) *InspectScene {
	if yield == nil {
		yield = func() {}
	}
	layers := f.Layers()
	d, K := f.Dim(), len(layers)
	base := baseOf(f)
	s := &InspectScene{Class: in.Class, Reverse: in.Reverse, Dim: d, K: K, MixtureBase: base.Mixture()}
	nData := len(in.Rows)

	// How many points the budget allows.
	path := 0.0
	for _, l := range layers {
		path += layerCost(l, !in.Reverse)
	}
	want := in.Points
	if in.Reverse {
		want = min(want, nData)
	}
	s.Wanted = want
	n := want
	if path > 0 && in.Budget > 0 {
		afford := int(0.6 * in.Budget / path)
		if afford < n {
			n = max(min(minScenePoints, want), afford/100*100)
		}
	}
	s.N = n
	sub := rand.New(rand.NewPCG(in.Seed, 0x1A5E))

	var x []float64
	if in.Reverse {
		idx := pickRows(nData, n, sub)
		x = make([]float64, 0, n*d)
		s.PointRows = make([]int, n)
		for i, r := range idx {
			x = append(x, in.Data[r*d:(r+1)*d]...)
			s.PointRows[i] = in.Rows[r]
		}
	} else {
		x = make([]float64, n*d)
		f.SampleBase(x, n, experiment.SampleRNG(in.Seed)) // the standard normal or the fitted mixture
	}
	frames, logDet := traceChunked(f, x, n, !in.Reverse, yield)

	s.Frames = make([]float32, 0, (K+1)*n*d)
	for _, fr := range frames {
		for _, v := range fr {
			s.Frames = append(s.Frames, float32(v))
		}
	}
	start := frames[0]
	if in.Reverse {
		start = frames[K]
	}
	s.Colors = pointColors(start, n, d, in.Reverse)

	// The faint reference cloud.
	if in.Reverse {
		s.GhostLevel = 0
		s.NGhost = min(in.MaxGhost, n) // as many as the stars, for a fair comparison
		ghost := make([]float64, s.NGhost*d)
		f.SampleBase(ghost, s.NGhost, experiment.SampleRNG(in.Seed^0x9E3779B97F4A7C15))
		s.Ghost = make([]float32, len(ghost))
		for i, v := range ghost {
			s.Ghost[i] = float32(v)
		}
	} else {
		s.GhostLevel = K
		idx := pickRows(nData, min(in.MaxGhost, nData), sub)
		s.NGhost = len(idx)
		s.Ghost = make([]float32, 0, len(idx)*d)
		s.GhostRows = make([]int, len(idx))
		for i, r := range idx {
			for _, v := range in.Data[r*d : (r+1)*d] {
				s.Ghost = append(s.Ghost, float32(v))
			}
			s.GhostRows[i] = in.Rows[r]
		}
	}

	s.Slots = levelSlots(layers)
	s.Ranges = make([][][2]float64, K+1)
	col := make([]float64, 0, n+s.NGhost)
	for k := range K + 1 {
		s.Ranges[k] = make([][2]float64, d)
		for j := range d {
			col = col[:0]
			for i := range n {
				col = append(col, frames[k][i*d+j])
			}
			if k == s.GhostLevel {
				for i := range s.NGhost {
					col = append(col, float64(s.Ghost[i*d+j]))
				}
			}
			s.Ranges[k][j] = displayRange(col)
		}
	}

	mean := make([]float64, K)
	for k := range K {
		sum := 0.0
		for _, v := range logDet[k] {
			sum += v
		}
		if n > 0 {
			mean[k] = sum / float64(n)
		}
	}
	s.Layers = SummarizeLayers(f, in.Names, s.Slots, mean)

	if d == 2 && in.Grid > 0 {
		s.G, s.Heat, s.HeatMax = heatGrids(base, layers, s.Ranges, in.Grid, in.Budget, yield)
	}
	return s
}

// layerCost is the multiply-adds per point of one pass through l: a network
// costs about its parameter count, and a MAF layer's forward (sampling)
// direction takes one network pass per feature.
func layerCost(l flow.Layer, forward bool) float64 {
	info := l.Info()
	switch info.Kind {
	case "coupling", "spline":
		return float64(info.Params)
	case "maf":
		if forward {
			return float64(info.Params * l.Dim())
		}
		return float64(info.Params)
	}
	return float64(l.Dim())
}

// pickRows returns k distinct indices of 0…n−1 in increasing order, all of
// them if k ≥ n, else a random choice by rng.
func pickRows(n, k int, rng *rand.Rand) []int {
	if k >= n {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := rng.Perm(n)[:k]
	slices.Sort(idx)
	return idx
}

// traceChunked traces n rows of x through f (forward from the base, or back
// from the data) in chunks, returning every level's frame (n×Dim each) and
// every layer's ln|det ∂z/∂x| per row.
func traceChunked(f *flow.Flow, x []float64, n int, forward bool, yield func()) (frames, logDet [][]float64) {
	d, K := f.Dim(), len(f.Layers())
	frames = make([][]float64, K+1)
	for k := range frames {
		frames[k] = make([]float64, 0, n*d)
	}
	logDet = make([][]float64, K)
	for k := range logDet {
		logDet[k] = make([]float64, 0, n)
	}
	for lo := 0; lo < n; lo += sceneChunk {
		m := min(sceneChunk, n-lo)
		var t *flow.Trace
		if forward {
			t = f.TraceForward(x[lo*d:(lo+m)*d], m)
		} else {
			t = f.TraceInverse(x[lo*d:(lo+m)*d], m)
		}
		for k := range frames {
			frames[k] = append(frames[k], t.Frames[k]...)
		}
		for k := range logDet {
			logDet[k] = append(logDet[k], t.LogDet[k]...)
		}
		yield()
	}
	return frames, logDet
}

// levelSlots returns, for every level k = 0…len(layers), the coordinate that
// becomes each data feature: Slots[K] is the identity, and a permutation
// x_i = z_perm[i] sends coordinate perm[i] of its input to coordinate i.
func levelSlots(layers []flow.Layer) [][]int {
	K := len(layers)
	if K == 0 {
		return [][]int{{}}
	}
	d := layers[0].Dim()
	slots := make([][]int, K+1)
	slots[K] = make([]int, d)
	for f := range d {
		slots[K][f] = f
	}
	for k := K - 1; k >= 0; k-- {
		next := slots[k+1]
		cur := slices.Clone(next)
		if p := layers[k].Info().Perm; p != nil {
			// Feature f sits at coordinate next[f] after the layer, which
			// came from coordinate p[next[f]] before it.
			for f := range d {
				cur[f] = p[next[f]]
			}
		}
		slots[k] = cur
	}
	return slots
}

// displayRange returns a padded range holding the central 99% of v (which it
// reorders), never empty.
func displayRange(v []float64) [2]float64 {
	v = slices.DeleteFunc(v, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) })
	if len(v) == 0 {
		return [2]float64{-1, 1}
	}
	slices.Sort(v)
	q := func(p float64) float64 {
		return v[int(math.Round(p*float64(len(v)-1)))]
	}
	lo, hi := q(0.005), q(0.995)
	if hi-lo < 1e-9 {
		c := (lo + hi) / 2
		w := math.Max(1e-3, math.Abs(c)*0.1)
		return [2]float64{c - w, c + w}
	}
	pad := 0.08 * (hi - lo)
	return [2]float64{lo - pad, hi + pad}
}

// pointColors colours n points (n×d) by where they start: the angle of their
// first two coordinates sets the hue and the distance from the centre the
// lightness (light near the centre). Base points use the standard normal's
// centre and scale; data points are first centred on the median and scaled
// by the median absolute deviation, so both cover the colour wheel evenly.
func pointColors(x []float64, n, d int, robust bool) []uint8 {
	c0, c1, s0, s1 := 0.0, 0.0, 1.0, 1.0
	if robust && n > 0 {
		c0, s0 = medianScale(x, n, d, 0)
		if d > 1 {
			c1, s1 = medianScale(x, n, d, 1)
		}
	}
	out := make([]uint8, 3*n)
	for i := range n {
		u := (x[i*d] - c0) / s0
		v := 0.0
		if d > 1 {
			v = (x[i*d+1] - c1) / s1
		}
		r, g, b := wheelColor(u, v)
		out[3*i], out[3*i+1], out[3*i+2] = r, g, b
	}
	return out
}

// medianScale returns the median of column j and 1.4826 × its median
// absolute deviation (the standard deviation for normal data), or 1 if that
// is zero.
func medianScale(x []float64, n, d, j int) (median, scale float64) {
	col := make([]float64, n)
	for i := range n {
		col[i] = x[i*d+j]
	}
	slices.Sort(col)
	median = col[n/2]
	for i := range col {
		col[i] = math.Abs(col[i] - median)
	}
	slices.Sort(col)
	scale = 1.4826 * col[n/2]
	if !(scale > 0) {
		scale = 1
	}
	return median, scale
}

// wheelColor maps a point of the plane to a colour: hue by its angle,
// lightness by 1 − exp(−r²/2), which is uniform for standard normal points,
// from light at the centre to dark at the edge.
func wheelColor(u, v float64) (r, g, b uint8) {
	h := math.Atan2(v, u) / (2 * math.Pi)
	if h < 0 {
		h++
	}
	q := 1 - math.Exp(-(u*u+v*v)/2)
	if math.IsNaN(q) {
		q = 1
	}
	return hslRGB(h, 0.78, 0.74-0.42*q)
}

// hslRGB converts hue, saturation and lightness (each in [0, 1]) to RGB.
func hslRGB(h, s, l float64) (r, g, b uint8) {
	c := (1 - math.Abs(2*l-1)) * s
	hp := h * 6
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r1, g1, b1 float64
	switch {
	case hp < 1:
		r1, g1 = c, x
	case hp < 2:
		r1, g1 = x, c
	case hp < 3:
		g1, b1 = c, x
	case hp < 4:
		g1, b1 = x, c
	case hp < 5:
		r1, b1 = x, c
	default:
		r1, b1 = c, x
	}
	m := l - c/2
	to := func(v float64) uint8 { return uint8(math.Round(255 * math.Min(1, math.Max(0, v+m)))) }
	return to(r1), to(g1), to(b1)
}

// heatGrids evaluates every level's log-density on a grid over that level's
// ranges of a 2-D flow. The grid is as fine as want cells per side, or
// coarser (at least 24) when the budget would be exceeded.
func heatGrids(base sceneBase, layers []flow.Layer, ranges [][][2]float64, want int, budget float64, yield func()) (int, []float32, []float64) {
	K := len(layers)
	total := 0.0 // multiply-adds per grid point summed over the levels
	acc := 0.0
	for k := range K + 1 {
		total += acc + 2
		if k < K {
			acc += layerCost(layers[k], false)
		}
	}
	g := want
	if budget > 0 && total > 0 {
		if afford := int(math.Sqrt(0.4 * budget / total)); afford < g {
			g = max(24, afford)
		}
	}
	heat := make([]float32, 0, (K+1)*g*g)
	hmax := make([]float64, K+1)
	lp := make([]float64, g*g)
	for k := range K + 1 {
		grid := DensityGrid{X0: ranges[k][0][0], X1: ranges[k][0][1], Y0: ranges[k][1][0], Y1: ranges[k][1][1], NX: g, NY: g}
		LevelLogDensity(lp, base, layers, k, grid.Points(), g*g, 2)
		m := math.Inf(-1)
		for _, v := range lp {
			if math.IsNaN(v) {
				v = math.Inf(-1)
			}
			if v > m && !math.IsInf(v, 0) {
				m = v
			}
			heat = append(heat, float32(v))
		}
		if math.IsInf(m, 0) {
			m = 0
		}
		hmax[k] = m
		yield()
	}
	return g, heat, hmax
}
