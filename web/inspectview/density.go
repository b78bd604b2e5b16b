package inspectview

import "flowlab/flow"

// densityChunk bounds the rows LevelLogDensity pulls back at once.
const densityChunk = 2048

// LevelLogDensity writes into dst[:n] the log-density of the flow's
// distribution at level k for n points y (n×dim, row-major): level 0 is the
// base, level len(layers) the data, and level k the distribution of the
// output of layers[k−1]. By the change of variables it is
//
//	ln p_k(y) = ln p_base(z) + Σ_{j<k} ln|det ∂z_j/∂z_{j+1}|,
//
// with z the point y pulled back through the inverses of layers k−1 … 0, the
// partial inverse of the flow. It panics if k is outside 0…len(layers) or a
// slice is too short. The layers' workspaces are used, so it must not run
// concurrently with other work on the same layers.
func LevelLogDensity(dst []float64, base sceneBase, layers []flow.Layer, k int, y []float64, n, dim int) {
	if k < 0 || k > len(layers) {
		panic("web: LevelLogDensity: level out of range")
	}
	if len(dst) < n || len(y) < n*dim {
		panic("web: LevelLogDensity: slice too short")
	}
	m := min(n, densityChunk)
	a, b := make([]float64, m*dim), make([]float64, m*dim)
	logDet := make([]float64, m)
	for lo := 0; lo < n; lo += densityChunk {
		c := min(densityChunk, n-lo)
		in, out := a[:c*dim], b[:c*dim]
		copy(in, y[lo*dim:(lo+c)*dim])
		ld := logDet[:c]
		clear(ld)
		for j := k - 1; j >= 0; j-- {
			layers[j].Inverse(out, ld, in, c)
			in, out = out, in
		}
		base.logProb(dst[lo:lo+c], in, c, dim)
		for i := range c {
			dst[lo+i] += ld[i]
		}
	}
}

// DensityGrid is a regular 2-D grid of NX×NY cells over [X0, X1]×[Y0, Y1]; values
// live at the cell centres, row j (bottom first) then column i.
type DensityGrid struct {
	X0, X1, Y0, Y1 float64
	NX, NY         int
}

// Points returns the NX·NY cell centres as a flat (NX·NY)×2 slice, index
// j·NX + i for column i and row j.
func (g DensityGrid) Points() []float64 {
	p := make([]float64, 0, 2*g.NX*g.NY)
	dx, dy := (g.X1-g.X0)/float64(g.NX), (g.Y1-g.Y0)/float64(g.NY)
	for j := range g.NY {
		for i := range g.NX {
			p = append(p, g.X0+(float64(i)+0.5)*dx, g.Y0+(float64(j)+0.5)*dy)
		}
	}
	return p
}

// CellArea is the area of one grid cell.
func (g DensityGrid) CellArea() float64 {
	return (g.X1 - g.X0) / float64(g.NX) * (g.Y1 - g.Y0) / float64(g.NY)
}
