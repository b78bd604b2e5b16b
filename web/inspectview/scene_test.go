package inspectview

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// randomFlow builds a small flow and perturbs its parameters so that every
// layer bends the space visibly (fresh flows start close to the identity).
func randomFlow(t *testing.T, model string, dim, layers int, std bool, seed uint64) *flow.Flow {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	f, err := flow.New(flow.Config{Model: model, Dim: dim, Layers: layers, Hidden: 1, Units: 8, Permutation: flow.PermCyclic}, rng)
	if err != nil {
		t.Fatal(err)
	}
	mask := f.ParamMask() // MADE's masked weights must stay zero
	for i := range f.Params {
		f.Params[i] += 0.4 * rng.NormFloat64() * mask[i]
	}
	if std {
		shift, scale := make([]float64, dim), make([]float64, dim)
		for j := range dim {
			shift[j], scale[j] = rng.NormFloat64(), 0.5+rng.Float64()
		}
		f.SetStandardization(flow.NewStandardize(shift, scale))
	}
	return f
}

// TestLevelSlots checks the feature bookkeeping against the trace itself:
// across every permutation the coordinate that Slots names for a feature
// carries exactly the same value on both sides.
func TestLevelSlots(t *testing.T) {
	f := randomFlow(t, flow.ModelRealNVP, 4, 4, true, 2)
	layers := f.Layers()
	slots := levelSlots(layers)
	if len(slots) != len(layers)+1 {
		t.Fatalf("%d slot lists for %d layers", len(slots), len(layers))
	}
	if !slices.Equal(slots[len(layers)], []int{0, 1, 2, 3}) {
		t.Errorf("slots at the data level = %v, want the identity", slots[len(layers)])
	}
	z := make([]float64, 4*20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	tr := f.TraceForward(z, 20)
	perms := 0
	for k, l := range layers {
		if l.Info().Kind != "permute" {
			if !slices.Equal(slots[k], slots[k+1]) {
				t.Errorf("layer %d (%s) changes the slots %v → %v", k, l.Info().Kind, slots[k], slots[k+1])
			}
			continue
		}
		perms++
		for i := range 20 {
			for feat := range 4 {
				a, b := tr.Frames[k][4*i+slots[k][feat]], tr.Frames[k+1][4*i+slots[k+1][feat]]
				if a != b {
					t.Fatalf("permutation layer %d, row %d, feature %d: %v before, %v after", k, i, feat, a, b)
				}
			}
		}
	}
	if perms != 3 {
		t.Errorf("found %d permutation layers, want 3 between 4 couplings", perms)
	}
}

func sceneInput(f *flow.Flow, reverse bool, nData int) SceneInput {
	d := f.Dim()
	rng := rand.New(rand.NewPCG(4, 4))
	in := SceneInput{Class: 1, Reverse: reverse, Points: 3000, Seed: 7, Names: []string{"a", "b", "c", "d"}[:d],
		MaxGhost: 500, Grid: 32}
	for i := range nData {
		for range d {
			in.Data = append(in.Data, rng.NormFloat64())
		}
		in.Rows = append(in.Rows, 10+2*i)
	}
	return in
}

// TestBuildInspectSceneForward checks the forward scene's arrays: the last
// frame is what the flow samples with the same seed (experiment.Sample), the
// shapes match, and the ghost is the class data at the last level.
func TestBuildInspectSceneForward(t *testing.T) {
	f := randomFlow(t, flow.ModelRealNVP, 4, 3, true, 3)
	in := sceneInput(f, false, 800)
	yields := 0
	s := BuildInspectScene(f, in, func() { yields++ })
	K, d, n := len(f.Layers()), 4, 3000
	if s.K != K || s.Dim != d || s.N != n || s.Wanted != n {
		t.Fatalf("K, Dim, N, Wanted = %d, %d, %d, %d; want %d, %d, %d, %d", s.K, s.Dim, s.N, s.Wanted, K, d, n, n)
	}
	if len(s.Frames) != (K+1)*n*d || len(s.Colors) != 3*n || len(s.Ranges) != K+1 || len(s.Slots) != K+1 || len(s.Layers) != K {
		t.Fatalf("lengths: frames %d, colors %d, ranges %d, slots %d, layers %d", len(s.Frames), len(s.Colors), len(s.Ranges), len(s.Slots), len(s.Layers))
	}
	if yields < 3 {
		t.Errorf("yielded %d times while tracing 3000 points in chunks of %d", yields, sceneChunk)
	}
	want := experiment.Sample(f, n, in.Seed)
	for i, v := range want {
		got := float64(s.Frames[K*n*d+i])
		if math.Abs(got-v) > 1e-5*math.Max(1, math.Abs(v)) {
			t.Fatalf("last frame value %d = %v, experiment.Sample gives %v", i, got, v)
		}
	}
	if s.GhostLevel != K || s.NGhost != 500 || len(s.Ghost) != 500*d || len(s.GhostRows) != 500 || s.PointRows != nil {
		t.Errorf("ghost: level %d, %d points, %d values, %d rows, point rows %v", s.GhostLevel, s.NGhost, len(s.Ghost), len(s.GhostRows), s.PointRows != nil)
	}
	for i, r := range s.GhostRows {
		j := (r - 10) / 2
		for c := range d {
			if float32(in.Data[j*d+c]) != s.Ghost[i*d+c] {
				t.Fatalf("ghost point %d (row %d) does not hold that row's data", i, r)
			}
		}
	}
	// Every level's range holds at least 98% of its points.
	for k := range K + 1 {
		for j := range d {
			r := s.Ranges[k][j]
			inside := 0
			for i := range n {
				if v := float64(s.Frames[(k*n+i)*d+j]); v >= r[0] && v <= r[1] {
					inside++
				}
			}
			if inside < n*98/100 {
				t.Errorf("level %d coordinate %d: range %v holds %d of %d points", k, j, r, inside, n)
			}
		}
	}
	if s.G != 0 || s.Heat != nil {
		t.Errorf("a 4-D flow got a %d-cell heatmap", s.G)
	}
}

// TestBuildInspectSceneReverse checks the data-to-base scene: the tracked
// points are the class's rows (all of them when there are fewer than asked
// for), the last frame is the data, and the ghost is a Gaussian at level 0.
func TestBuildInspectSceneReverse(t *testing.T) {
	f := randomFlow(t, flow.ModelMADE, 2, 2, false, 8)
	in := sceneInput(f, true, 700)
	s := BuildInspectScene(f, in, nil)
	n, d, K := 700, 2, s.K
	if s.N != n || s.Wanted != n || len(s.PointRows) != n || s.GhostRows != nil || s.GhostLevel != 0 {
		t.Fatalf("N %d, wanted %d, point rows %d, ghost rows %v, ghost level %d", s.N, s.Wanted, len(s.PointRows), s.GhostRows != nil, s.GhostLevel)
	}
	for i, r := range s.PointRows {
		j := (r - 10) / 2
		for c := range d {
			if float32(in.Data[j*d+c]) != s.Frames[(K*n+i)*d+c] {
				t.Fatalf("tracked point %d (row %d) does not start at that row's data", i, r)
			}
		}
	}
	if s.G != 32 || len(s.Heat) != (K+1)*32*32 || len(s.HeatMax) != K+1 {
		t.Fatalf("heat grid %d, %d values, %d maxima", s.G, len(s.Heat), len(s.HeatMax))
	}
	// Level 0's heatmap is the standard normal: its maximum is near the
	// peak value −ln(2π) (the grid's cell centres miss the origin slightly).
	if peak := -math.Log(2 * math.Pi); s.HeatMax[0] > peak+1e-12 || s.HeatMax[0] < peak-0.05 {
		t.Errorf("level 0 heat maximum %v, want just below −ln 2π = %v", s.HeatMax[0], peak)
	}
}

// TestSceneBudget checks that a costly flow is traced with fewer points and a
// coarser grid, never below the floor.
func TestSceneBudget(t *testing.T) {
	f := randomFlow(t, flow.ModelRealNVP, 2, 3, false, 1)
	in := sceneInput(f, false, 100)
	in.Points, in.Grid = 10000, 100
	path := 0.0
	for _, l := range f.Layers() {
		path += layerCost(l, true)
	}
	in.Budget = path * 2650 / 0.6 // 60% of it affords 2,650 points: rounds down to 2,600
	s := BuildInspectScene(f, in, nil)
	if s.N != 2600 || s.Wanted != 10000 {
		t.Errorf("N = %d of %d wanted, want 2600", s.N, s.Wanted)
	}
	if s.G >= 100 || s.G < 24 {
		t.Errorf("grid %d: want coarser than 100 and at least 24", s.G)
	}
	in.Budget = 1
	if s := BuildInspectScene(f, in, nil); s.N != minScenePoints || s.G != 24 {
		t.Errorf("tiny budget: N = %d, grid %d; want the floors %d and 24", s.N, s.G, minScenePoints)
	}
}

// TestSummarizeLayers checks the side list's wording on the 4-D cyclic Real
// NVP: the first coupling (next to the base) transforms the coordinates that
// become the features named by the slots.
func TestSummarizeLayers(t *testing.T) {
	f := randomFlow(t, flow.ModelRealNVP, 4, 2, true, 1)
	names := []string{"u-g", "g-r", "r-i", "i-z"}
	slots := levelSlots(f.Layers())
	sum := SummarizeLayers(f, names, slots, []float64{0.5, 0, -0.25, 1})
	kinds := make([]string, len(sum))
	for i, s := range sum {
		kinds[i] = s.Kind
	}
	if want := []string{"coupling", "permute", "coupling", "standardize"}; !slices.Equal(kinds, want) {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	// The last coupling sees data coordinates: it scales u-g, g-r given r-i, i-z.
	if w := "Scales and shifts u-g and g-r; r-i and i-z pass through"; !strings.Contains(sum[2].What, w) {
		t.Errorf("last coupling: %q lacks %q", sum[2].What, w)
	}
	// Before the cyclic permutation [3 0 1 2], coordinate 0 becomes g-r,
	// 1 becomes r-i, 2 becomes i-z and 3 becomes u-g.
	if w := "Scales and shifts g-r and r-i; i-z and u-g pass through"; !strings.Contains(sum[0].What, w) {
		t.Errorf("first coupling: %q lacks %q", sum[0].What, w)
	}
	if len(sum[1].Pictures) != 1 || !strings.Contains(sum[1].Pictures[0].Alt, "coordinate 3 moves to 0") {
		t.Errorf("permutation pictures %+v", sum[1].Pictures)
	}
	if sum[2].MeanLogDet != -0.25 || sum[0].Title != "Coupling 1" || sum[2].Title != "Coupling 2" {
		t.Errorf("titles %q, %q, mean log-det %v", sum[0].Title, sum[2].Title, sum[2].MeanLogDet)
	}
}

// TestMaskProductIsAutoregressive checks MADE's defining property (Germain et
// al. 2015) on the inspector's mask picture: feature i's shift and scale
// depend on exactly the features before it.
func TestMaskProductIsAutoregressive(t *testing.T) {
	for _, d := range []int{2, 4, 5} {
		f := randomFlow(t, flow.ModelMADE, d, 1, false, 1)
		info := f.Layers()[0].Info()
		sizes := append(append([]int{d}, info.Hidden...), 2*d)
		dep := maskProduct(info.Masks, sizes)
		for o := range 2 * d {
			for j := range d {
				if want := j < o%d; dep[o][j] != want {
					t.Errorf("d=%d: output %d depends on input %d = %v, want %v", d, o, j, dep[o][j], want)
				}
			}
		}
		pics, deps := maskPictures(info, d)
		if len(pics) != len(info.Masks) {
			t.Errorf("d=%d: %d pictures for %d masks", d, len(pics), len(info.Masks))
		}
		for i := range d {
			for j := range d {
				if deps[i][j] != (j < i) {
					t.Errorf("d=%d: feature %d depends on %d = %v", d, i, j, deps[i][j])
				}
			}
		}
	}
}

// TestPicturesFitVugu checks that the layer pictures of the largest flows the
// page offers stay below maxPictureBytes: vugu's renderer stops the page on
// an attribute over its 16 KiB instruction buffer.
func TestPicturesFitVugu(t *testing.T) {
	for _, cfg := range []flow.Config{flow.PaperMADE(8), flow.PaperRealNVP(8),
		{Model: flow.ModelMADE, Dim: 8, Layers: 2, Hidden: 3, Units: 512, Permutation: flow.PermCyclic}} {
		f, err := flow.New(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
		sum := SummarizeLayers(f, names, levelSlots(f.Layers()), nil)
		n := 0
		for _, s := range sum {
			for _, p := range s.Pictures {
				n++
				if len(p.URI) > maxPictureBytes || p.W <= 0 || p.H <= 0 || p.W > 240 || p.H > 240 {
					t.Errorf("%s layer %d: picture of %d bytes, %d×%d px", cfg.Model, s.Index, len(p.URI), p.W, p.H)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no pictures at all", cfg.Model)
		}
	}
}

// TestWheelColor checks the colour wheel's two cues: opposite angles get
// different hues, and lightness falls with the distance from the centre.
func TestWheelColor(t *testing.T) {
	lum := func(r, g, b uint8) float64 { return 0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b) }
	r0, g0, b0 := wheelColor(0.1, 0)
	r1, g1, b1 := wheelColor(2.5, 0)
	if lum(r0, g0, b0) <= lum(r1, g1, b1) {
		t.Errorf("centre colour %d,%d,%d is not lighter than edge colour %d,%d,%d", r0, g0, b0, r1, g1, b1)
	}
	ra, ga, ba := wheelColor(1, 0)
	rb, gb, bb := wheelColor(-1, 0)
	if ra == rb && ga == gb && ba == bb {
		t.Errorf("opposite points share the colour %d,%d,%d", ra, ga, ba)
	}
	if r, g, b := hslRGB(0, 1, 0.5); r != 255 || g != 0 || b != 0 {
		t.Errorf("hsl(0, 1, 0.5) = %d,%d,%d, want pure red", r, g, b)
	}
	if r, g, b := hslRGB(2.0/3, 1, 0.5); r != 0 || g != 0 || b != 255 {
		t.Errorf("hsl(240°, 1, 0.5) = %d,%d,%d, want pure blue", r, g, b)
	}
}

// TestSceneSamplesTheBase: for a flow with a fitted mixture base the tracked
// points start as draws from that mixture (not the standard normal), so the
// last level holds the flow's own samples, as experiment.Sample draws them.
func TestSceneSamplesTheBase(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 8, Base: flow.BaseGMM}
	f, err := flow.New(cfg, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	x := make([]float64, 2*600)
	for i := range x {
		x[i] = rng.NormFloat64()*0.3 + float64(4*(i/2%3)) // three clusters far from N(0, 1)
	}
	if err := f.FitBase(x, 600, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	in := sceneInput(f, false, 100)
	in.Names = in.Names[:2]
	s := BuildInspectScene(f, in, func() {})
	K, n := len(f.Layers()), s.N
	want := experiment.Sample(f, n, in.Seed)
	for i, v := range want {
		if got := float64(s.Frames[K*n*2+i]); math.Abs(got-v) > 1e-5*math.Max(1, math.Abs(v)) {
			t.Fatalf("last frame value %d = %v, experiment.Sample gives %v", i, got, v)
		}
	}
}
