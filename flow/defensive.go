package flow

import (
	"math"
	"math/rand/v2"
)

// The defensive mixture (Config.Defensive = w > 0):
//
//	p(x) = (1−w)·p_flow(x) + w·p_start(x),
//
// where p_flow is the flow and p_start the frozen copy of the EM mixture that
// FitBase fitted, as a density of x: the mixture evaluated at the
// standardised x (the base point of the flow's identity layers), times the
// standardisation's Jacobian. Both are normalised, so p is. It is mixed after
// training: the loss, the test loss KeepBest keeps the best epoch by and
// experiment.Judge see p_flow alone (FlowLogProb), while the density the flow
// reports (LogProb, traces, hence every score) and Sample follow p. Since p ≥ w·p_start, no star can fall in a hole of
// the flow deeper than ln w below its start mixture's density.

// Start returns the frozen start mixture of the defensive mixture, or nil.
func (f *Flow) Start() *GMMBase { return f.start }

// layerParams is the number of parameters that belong to the layers; the
// base's and the start mixture's follow them in Params.
func (f *Flow) layerParams() int {
	n := 0
	for _, l := range f.core {
		n += l.NumParams()
	}
	return n
}

// startPoints writes the start mixture's points for n rows of x into z (the
// standardised rows, or x itself without a standardisation) and the
// standardisation's ln|det ∂z/∂x| into logDet.
func (f *Flow) startPoints(z, logDet, x []float64, n int) {
	clear(logDet[:n])
	if f.std == nil {
		copy(z, x[:n*f.Dim()])
		return
	}
	f.std.Inverse(z, logDet, x, n)
}

// mixStart replaces lp[i] = ln p_flow(x_i) by the defensive mixture's
// ln p(x_i) for n rows of x.
func (f *Flow) mixStart(lp, x []float64, n int) {
	d := f.Dim()
	z, ld := make([]float64, n*d), make([]float64, n)
	f.startPoints(z, ld, x, n)
	w := f.Config.Defensive
	lw, l1w := math.Log(w), math.Log1p(-w)
	f.start.prepare()
	for i := range n {
		lp[i] = logAddExp(l1w+lp[i], lw+f.start.logProbRow(z[i*d:(i+1)*d])+ld[i])
	}
}

// logAddExp returns ln(eᵃ + eᵇ) without overflow; −Inf + −Inf is −Inf and
// a NaN stays NaN.
func logAddExp(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	if math.IsInf(a, -1) {
		return a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// sampleStart replaces each of the n flow samples in x, with probability
// Config.Defensive, by a draw from the start mixture mapped to data space.
func (f *Flow) sampleStart(x []float64, n int, rng *rand.Rand) {
	d := f.Dim()
	z, ld := make([]float64, d), make([]float64, 1)
	for i := range n {
		if rng.Float64() >= f.Config.Defensive {
			continue
		}
		f.start.sample(z, 1, rng)
		row := x[i*d : (i+1)*d]
		if f.std == nil {
			copy(row, z)
			continue
		}
		f.std.Forward(row, ld, z, 1)
	}
}
