package inspectview

import (
	"gonum.org/v1/gonum/mat"

	"flowlab/flow"
	"flowlab/flow/eval"
)

// sceneBase is a flow's base distribution as the inspector draws it: the
// standard normal, or the flow's Gaussian mixture (flow.Config.Base "gmm"),
// whose samples are the points that start a forward journey and whose
// density is level 0's.
type sceneBase struct {
	mix  *eval.GMM       // nil: the standard normal
	chol []*mat.TriDense // each component's lower Cholesky factor
}

// baseOf returns f's base.
func baseOf(f *flow.Flow) sceneBase {
	b := f.Base()
	if b == nil {
		return sceneBase{}
	}
	g := b.Mixture()
	out := sceneBase{mix: g}
	d := f.Dim()
	for _, cv := range g.Covs {
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(d, cv)) {
			return sceneBase{} // not positive definite: cannot happen for a fitted base
		}
		var l mat.TriDense
		ch.LTo(&l)
		out.chol = append(out.chol, &l)
	}
	return out
}

// Mixture reports whether the base is a Gaussian mixture.
func (b sceneBase) Mixture() bool { return b.mix != nil }

// logProb writes ln p(z_i) of n rows of z into dst[:n].
func (b sceneBase) logProb(dst, z []float64, n, d int) {
	if b.mix == nil {
		for i := range n {
			dst[i] = inspBaseLogProb(z[i*d : (i+1)*d])
		}
		return
	}
	b.mix.LogProb(dst[:n], z[:n*d])
}
