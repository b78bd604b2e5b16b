package inspectview

import "flowlab/flow"

// sceneBase is a flow's base distribution as the inspector draws it: the
// standard normal (f nil), or the flow's own base (flow.Config.Base "gmm"),
// whose samples are the points that start a forward journey and whose
// density is level 0's. The density is the engine's (Flow.BaseLogProb), so
// level K is exactly the flow's LogProb.
type sceneBase struct {
	f *flow.Flow
}

// baseOf returns f's base.
func baseOf(f *flow.Flow) sceneBase {
	if f.Base() == nil {
		return sceneBase{}
	}
	return sceneBase{f: f}
}

// Mixture reports whether the base is a Gaussian mixture.
func (b sceneBase) Mixture() bool { return b.f != nil }

// logProb writes ln p(z_i) of n rows of z into dst[:n].
func (b sceneBase) logProb(dst, z []float64, n, d int) {
	if b.f == nil {
		for i := range n {
			dst[i] = flow.StandardNormalLogProb(z[i*d : (i+1)*d])
		}
		return
	}
	b.f.BaseLogProb(dst[:n], z[:n*d], n)
}
