package flow

import (
	"math"
	"math/rand/v2"
	"slices"

	"flowlab/flow/eval"
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
// the flow deeper than ln w below its start mixture's density. With
// Config.DefensiveSmooth the start is itself a mixture of the EM fit and its
// kernel-smoothed copy (setStart), still one normalised Gaussian mixture.

// startComponents is the number of components of the defensive mixture's
// start: the base's, twice over with a smoothed copy (Config.DefensiveSmooth).
func startComponents(cfg Config) int {
	if cfg.DefensiveSmooth > 0 {
		return 2 * cfg.BaseComponents
	}
	return cfg.BaseComponents
}

// setStart stores the EM mixture g, in the start's coordinates (standardised
// units with a standardisation, else the data's), as the defensive mixture's
// start, with its smoothed copy when Config.DefensiveSmooth = s > 0: the
// first half of the components are g's with weights (1−s)·π_j, the second
// half the same with weights s·π_j and every covariance widened by the
// kernel's diag(h²) (a Gaussian convolved with N(0, H) is N(μ, Σ + H)).
// h²_j is Scott's rule for a kernel density estimate of the n training rows
// x, Var[x_j]·n^(−2/(d+4)), times Config.Bandwidth()², in the start's units.
func (f *Flow) setStart(g *eval.GMM, x []float64, n int) error {
	k := f.base.k
	g = spreadComponents(g, k)
	s := f.Config.DefensiveSmooth
	if s == 0 {
		return f.start.set(g)
	}
	d := f.Dim()
	h2 := kernelVariance(x, n, d)
	c2 := f.Config.Bandwidth() * f.Config.Bandwidth()
	for j := range h2 {
		h2[j] *= c2
		if f.std != nil {
			h2[j] /= f.std.Scale[j] * f.std.Scale[j]
		}
	}
	out := &eval.GMM{}
	for half, share := range [2]float64{1 - s, s} {
		for j := range k {
			cv := g.Covs[j]
			if half == 1 {
				cv = slices.Clone(cv)
				for a := range d {
					cv[a*d+a] += h2[a]
				}
			}
			// A zero share (s = 1) keeps a negligible weight: the base's
			// parameters are log-weights.
			out.Weights = append(out.Weights, max(share, 1e-12)*g.Weights[j])
			out.Means = append(out.Means, g.Means[j])
			out.Covs = append(out.Covs, cv)
		}
	}
	return f.start.set(out)
}

// kernelVariance returns Scott's-rule kernel variance Var[x_j]·n^(−2/(d+4))
// of each feature of n rows of x (d columns), with the variance over n as
// FitStandardize's, so that in standardised units it is n^(−2/(d+4)).
func kernelVariance(x []float64, n, d int) []float64 {
	mean, h2 := make([]float64, d), make([]float64, d)
	for i := range n {
		for j := range d {
			mean[j] += x[i*d+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := range n {
		for j := range d {
			u := x[i*d+j] - mean[j]
			h2[j] += u * u
		}
	}
	scott := math.Pow(float64(n), -2/float64(d+4))
	for j := range h2 {
		h2[j] = h2[j] / float64(n) * scott
	}
	return h2
}

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
