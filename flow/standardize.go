package flow

import (
	"math"
	"math/rand/v2"
)

// Standardize is a fixed affine layer that sits next to the data: forward
// x = z·Scale + Shift, inverse z = (x − Shift)/Scale, with
// ln|det ∂z/∂x| = −Σ ln Scale_i. Its values are fitted on the training split
// (mean and standard deviation) and are not trained, so LogProb works on raw
// data with the right Jacobian.
type Standardize struct {
	Shift, Scale []float64
	logScale     float64
}

// NewStandardize returns the layer for the given per-feature shift and scale.
// It panics on a length mismatch or a scale that is not positive.
func NewStandardize(shift, scale []float64) *Standardize {
	if len(shift) != len(scale) {
		panic(badLength)
	}
	s := &Standardize{Shift: append([]float64(nil), shift...), Scale: append([]float64(nil), scale...)}
	for _, v := range scale {
		if !(v > 0) || math.IsInf(v, 0) {
			panic("flow: standardisation scale must be positive and finite")
		}
		s.logScale += math.Log(v)
	}
	return s
}

// FitStandardize returns the layer with the per-feature mean and standard
// deviation (population) of n rows of x; constant features get scale 1.
func FitStandardize(x []float64, n, dim int) *Standardize {
	mean := make([]float64, dim)
	std := make([]float64, dim)
	for i := range n {
		AddTo(mean, x[i*dim:(i+1)*dim])
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := range n {
		for j, v := range x[i*dim : (i+1)*dim] {
			std[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(n))
		if !(std[j] > 1e-12) {
			std[j] = 1
		}
	}
	return NewStandardize(mean, std)
}

// Dim implements Layer.
func (s *Standardize) Dim() int { return len(s.Shift) }

// Forward implements Layer.
func (s *Standardize) Forward(x, logDet, z []float64, n int) {
	d := len(s.Shift)
	for i := range n {
		for j := range d {
			x[i*d+j] = z[i*d+j]*s.Scale[j] + s.Shift[j]
		}
		if logDet != nil {
			logDet[i] += s.logScale
		}
	}
}

// Inverse implements Layer.
func (s *Standardize) Inverse(z, logDet, x []float64, n int) {
	d := len(s.Shift)
	for i := range n {
		for j := range d {
			z[i*d+j] = (x[i*d+j] - s.Shift[j]) / s.Scale[j]
		}
		logDet[i] -= s.logScale
	}
}

// Backward implements Layer: dx = dz / Scale.
func (s *Standardize) Backward(dx, dz []float64, w float64, n int) {
	if dx == nil {
		return
	}
	d := len(s.Shift)
	for i := range n * d {
		dx[i] = dz[i] / s.Scale[i%d]
	}
}

// NumParams implements Layer; the layer is fixed.
func (s *Standardize) NumParams() int { return 0 }

// Bind implements Layer.
func (s *Standardize) Bind(params, grads []float64) {}

// Init implements Layer.
func (s *Standardize) Init(rng *rand.Rand) {}

// Info implements Layer.
func (s *Standardize) Info() LayerInfo { return LayerInfo{Kind: "standardize"} }
