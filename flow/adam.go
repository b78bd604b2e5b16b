package flow

import "math"

// Adam is the Adam optimiser (Kingma & Ba 2015) in the form Keras uses:
// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², and
// θ ← θ − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε).
type Adam struct {
	Beta1, Beta2, Eps float64
	M, V              []float64 // first and second moment estimates
	T                 int       // number of steps taken
}

// NewAdam returns an optimiser for n parameters.
func NewAdam(n int, beta1, beta2, eps float64) *Adam {
	return &Adam{Beta1: beta1, Beta2: beta2, Eps: eps, M: make([]float64, n), V: make([]float64, n)}
}

// Step applies one update with learning rate lr to params given grads. It
// panics if the lengths differ from the optimiser's.
func (a *Adam) Step(params, grads []float64, lr float64) {
	if len(params) != len(a.M) || len(grads) != len(a.M) {
		panic(badLength)
	}
	a.T++
	b1, b2 := a.Beta1, a.Beta2
	lrt := lr * math.Sqrt(1-math.Pow(b2, float64(a.T))) / (1 - math.Pow(b1, float64(a.T)))
	m, v := a.M, a.V[:len(a.M)]
	grads = grads[:len(m)]
	params = params[:len(m)]
	for i, g := range grads {
		mi := b1*m[i] + (1-b1)*g
		vi := b2*v[i] + (1-b2)*g*g
		m[i], v[i] = mi, vi
		params[i] -= lrt * mi / (math.Sqrt(vi) + a.Eps)
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
