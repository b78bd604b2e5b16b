package layertest

import (
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Tolerances of Check.
const (
	RoundTripTol = 1e-10 // |Inverse(Forward(z)) − z|∞
	LogDetTol    = 1e-6  // |log-det − ln|det J_numerical||
	GradTol      = 1e-6  // relative error of analytic vs central-difference gradients
)

// masker is implemented by layers with parameters held at zero (MADE).
type masker interface{ ParamMask() []float64 }

// Check binds l to fresh parameters, initialises them from rng and perturbs
// them, then verifies on a small random batch that
//   - Inverse(Forward(z)) == z and the two log-determinants cancel;
//   - Inverse's log-determinant equals ln|det| of the numerically computed
//     Jacobian ∂z/∂x;
//   - Backward's input and parameter gradients match central finite
//     differences (gonum diff/fd) of L = Σ c⊙z + w·Σ logDet.
func Check(t *testing.T, l flow.Layer, rng *rand.Rand) {
	t.Helper()
	const n = 5
	d := l.Dim()
	params := make([]float64, l.NumParams())
	grads := make([]float64, l.NumParams())
	l.Bind(params, grads)
	l.Init(rng)
	mask := make([]float64, len(params))
	for i := range mask {
		mask[i] = 1
	}
	if m, ok := l.(masker); ok {
		mask = m.ParamMask()
	}
	for i := range params {
		params[i] += 0.1 * rng.NormFloat64() * mask[i]
	}

	z := randn(rng, n*d)
	x := make([]float64, n*d)
	ldF := make([]float64, n)
	l.Forward(x, ldF, z, n)
	z2 := make([]float64, n*d)
	ldI := make([]float64, n)
	l.Inverse(z2, ldI, x, n)
	if dist := floats.Distance(z, z2, math.Inf(1)); dist > RoundTripTol {
		t.Errorf("%s: |Inverse(Forward(z)) − z|∞ = %g > %g", l.Info().Kind, dist, RoundTripTol)
	}
	for i := range n {
		if s := ldF[i] + ldI[i]; math.Abs(s) > RoundTripTol {
			t.Errorf("%s: row %d: forward and inverse log-dets do not cancel: %g", l.Info().Kind, i, s)
		}
	}

	// Log-det against the numerical Jacobian of Inverse, row by row.
	for i := range n {
		xi := append([]float64(nil), x[i*d:(i+1)*d]...)
		J := mat.NewDense(d, d, nil)
		fd.Jacobian(J, func(y, xv []float64) {
			ld := []float64{0}
			l.Inverse(y, ld, xv, 1)
		}, xi, &fd.JacobianSettings{Formula: fd.Central})
		var lu mat.LU
		lu.Factorize(J)
		logAbs, _ := lu.LogDet()
		if diff := math.Abs(logAbs - ldI[i]); diff > LogDetTol {
			t.Errorf("%s: row %d: log-det %g, numerical Jacobian gives %g (diff %g)", l.Info().Kind, i, ldI[i], logAbs, diff)
		}
	}

	// Gradients of L = Σ c⊙z + w·Σ logDet.
	c := randn(rng, n*d)
	const w = 0.7
	loss := func() float64 {
		zz := make([]float64, n*d)
		ld := make([]float64, n)
		l.Inverse(zz, ld, x, n)
		return floats.Dot(c, zz) + w*floats.Sum(ld)
	}
	clear(grads)
	l.Inverse(make([]float64, n*d), make([]float64, n), x, n)
	dx := make([]float64, n*d)
	l.Backward(dx, c, w, n)
	analytic := append([]float64(nil), grads...)

	numX := fd.Gradient(nil, func(v []float64) float64 {
		saved := append([]float64(nil), x...)
		copy(x, v)
		defer copy(x, saved)
		return loss()
	}, append([]float64(nil), x...), &fd.Settings{Formula: fd.Central})
	if e := relErr(dx, numX); e > GradTol {
		t.Errorf("%s: input gradient relative error %g > %g", l.Info().Kind, e, GradTol)
	}
	if len(params) > 0 {
		numP := fd.Gradient(nil, func(v []float64) float64 {
			saved := append([]float64(nil), params...)
			copy(params, v)
			defer copy(params, saved)
			return loss()
		}, append([]float64(nil), params...), &fd.Settings{Formula: fd.Central})
		for i := range numP {
			numP[i] *= mask[i]
		}
		if e := relErr(analytic, numP); e > GradTol {
			t.Errorf("%s: parameter gradient relative error %g > %g", l.Info().Kind, e, GradTol)
		}
	}
}

// relErr is |a − b|∞ / max(1, |b|∞).
func relErr(a, b []float64) float64 {
	return floats.Distance(a, b, math.Inf(1)) / math.Max(1, floats.Norm(b, math.Inf(1)))
}

func randn(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}
