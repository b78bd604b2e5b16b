package flow

import "math"

// Adam is the Adam optimiser (Kingma & Ba 2015) in the form Keras uses:
// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², and
// θ ← θ − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε).
type Adam struct {
	Beta1, Beta2, Eps float64
	M, V              []float64 // first and second moment estimates
	T                 int       // number of steps taken

	runs   []int32    // pairs lo, hi of the index ranges Step updates; nil: all parameters
	whole  [2]int32   // the one range of all parameters
	consts [6]float64 // β1, β2, 1−β1, 1−β2, lrt, ε of the current step, for vectorOps
}

// NewAdam returns an optimiser for n parameters.
func NewAdam(n int, beta1, beta2, eps float64) *Adam {
	return &Adam{Beta1: beta1, Beta2: beta2, Eps: eps, M: make([]float64, n), V: make([]float64, n)}
}

// NewAdamFor returns an optimiser for f's parameters that skips the weights
// MADE's masks hold at zero (see SkipMasked).
func NewAdamFor(f *Flow, beta1, beta2, eps float64) *Adam {
	a := NewAdam(len(f.Params), beta1, beta2, eps)
	a.SkipMasked(f.ParamMask())
	return a
}

// SkipMasked makes Step leave alone the parameters whose mask value is 0.
// Their gradients must be zero: then m and v stay zero and the update is
// zero, so skipping them changes no result, it only saves the work (a third
// of a MADE network's weights).
func (a *Adam) SkipMasked(mask []float64) {
	if len(mask) != len(a.M) {
		panic(badLength)
	}
	a.runs = make([]int32, 0, 2)
	for i := 0; i < len(mask); {
		if mask[i] == 0 {
			i++
			continue
		}
		j := i
		for j < len(mask) && mask[j] != 0 {
			j++
		}
		a.runs = append(a.runs, int32(i), int32(j))
		i = j
	}
}

// Step applies one update with learning rate lr to params given grads. It
// panics if the lengths differ from the optimiser's.
func (a *Adam) Step(params, grads []float64, lr float64) {
	n := len(a.M)
	if len(params) != n || len(grads) != n || len(a.V) != n {
		panic(badLength)
	}
	a.T++
	lrt := lr * math.Sqrt(1-math.Pow(a.Beta2, float64(a.T))) / (1 - math.Pow(a.Beta1, float64(a.T)))
	runs := a.runs
	if runs == nil {
		a.whole = [2]int32{0, int32(n)}
		runs = a.whole[:]
	}
	if vec != nil && n >= vecMinLen && vec.adam(a, runs, params, grads, lrt) {
		return
	}
	for q := 0; q+1 < len(runs); q += 2 {
		lo, hi := runs[q], runs[q+1]
		a.update(params[lo:hi], grads[lo:hi], a.M[lo:hi], a.V[lo:hi], lrt)
	}
}

// update applies the step with the bias-corrected rate lrt to one range,
// two parameters at a time (15% faster under wasm, BenchmarkAdamStep; the
// arithmetic of each parameter is unchanged).
func (a *Adam) update(p, g, m, v []float64, lrt float64) {
	b1, b2, eps := a.Beta1, a.Beta2, a.Eps
	c1, c2 := 1-b1, 1-b2
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	i := 0
	for ; i+2 <= n; i += 2 {
		g0, g1 := g[i], g[i+1]
		m0, m1 := b1*m[i]+c1*g0, b1*m[i+1]+c1*g1
		v0, v1 := b2*v[i]+c2*g0*g0, b2*v[i+1]+c2*g1*g1
		m[i], m[i+1], v[i], v[i+1] = m0, m1, v0, v1
		p[i] -= lrt * m0 / (math.Sqrt(v0) + eps)
		p[i+1] -= lrt * m1 / (math.Sqrt(v1) + eps)
	}
	for ; i < n; i++ {
		gi := g[i]
		mi := b1*m[i] + c1*gi
		vi := b2*v[i] + c2*gi*gi
		m[i], v[i] = mi, vi
		p[i] -= lrt * mi / (math.Sqrt(vi) + eps)
	}
}

// state copies the optimiser's moments and step count into dst.
func (a *Adam) state(dst *adamState) {
	dst.m = append(dst.m[:0], a.M...)
	dst.v = append(dst.v[:0], a.V...)
	dst.t = a.T
}

// restore sets the optimiser's moments and step count from s.
func (a *Adam) restore(s *adamState) {
	copy(a.M, s.m)
	copy(a.V, s.v)
	a.T = s.t
}

type adamState struct {
	m, v []float64
	t    int
}
