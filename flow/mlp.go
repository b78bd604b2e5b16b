package flow

import (
	"math"
	"math/rand/v2"
)

// mlp is a fully connected network: sizes[0] inputs, ReLU hidden layers and a
// linear output of sizes[len(sizes)-1] values. Weight l is sizes[l+1]×sizes[l]
// (out×in). An optional 0/1 mask per weight (MADE) keeps masked weights at
// zero: they start at zero and their gradients are zeroed.
type mlp struct {
	sizes  []int
	masks  [][]float64 // nil, or one out×in mask per weight
	w, b   [][]float64 // views into the bound parameters
	dw, db [][]float64 // views into the bound gradients

	in     []float64   // input of the last forward call (not owned)
	h      [][]float64 // h[l] is the output of dense layer l (post-ReLU when hidden)
	g1, g2 []float64   // back-propagation scratch
	ks     kernelScratch
}

// newMLP returns an unbound network with the given layer sizes.
func newMLP(sizes []int, masks [][]float64) *mlp {
	L := len(sizes) - 1
	return &mlp{sizes: sizes, masks: masks, w: make([][]float64, L), b: make([][]float64, L),
		dw: make([][]float64, L), db: make([][]float64, L), h: make([][]float64, L)}
}

func (m *mlp) numParams() int {
	n := 0
	for l := 0; l+1 < len(m.sizes); l++ {
		n += m.sizes[l+1]*m.sizes[l] + m.sizes[l+1]
	}
	return n
}

func (m *mlp) bind(params, grads []float64) {
	if len(params) != m.numParams() || len(grads) != len(params) {
		panic(badLength)
	}
	off := 0
	for l := range m.w {
		in, out := m.sizes[l], m.sizes[l+1]
		m.w[l], m.dw[l] = params[off:off+out*in:off+out*in], grads[off:off+out*in:off+out*in]
		off += out * in
		m.b[l], m.db[l] = params[off:off+out:off+out], grads[off:off+out:off+out]
		off += out
	}
}

// init draws weights from the Glorot (Xavier) uniform distribution, as Keras'
// Dense default, and sets biases to zero.
func (m *mlp) init(rng *rand.Rand) {
	for l, w := range m.w {
		in, out := m.sizes[l], m.sizes[l+1]
		lim := math.Sqrt(6 / float64(in+out))
		for i := range w {
			w[i] = (2*rng.Float64() - 1) * lim
		}
		if m.masks != nil {
			mulTo(w, m.masks[l])
		}
		clear(m.b[l])
	}
}

// forward runs the network on n rows of in and returns the n×out output, a
// view into the network's workspace valid until the next call. in must stay
// unchanged until backward.
func (m *mlp) forward(in []float64, n int) []float64 {
	m.in = in
	x := in
	last := len(m.w) - 1
	for l, w := range m.w {
		k, o := m.sizes[l], m.sizes[l+1]
		m.h[l] = growTo(m.h[l], n*o)
		denseForward(m.h[l], x, w, m.b[l], n, k, o, l < last)
		x = m.h[l]
	}
	return x
}

// backward takes the n×out gradient of the loss w.r.t. the last forward's
// output, accumulates the parameter gradients, and writes the n×in gradient
// w.r.t. the input into din unless din is nil. gOut is not modified.
func (m *mlp) backward(din, gOut []float64, n int) {
	g := gOut
	for l := len(m.w) - 1; l >= 0; l-- {
		k, o := m.sizes[l], m.sizes[l+1]
		a := m.in
		if l > 0 {
			a = m.h[l-1]
		}
		m.ks.denseBackWeights(m.dw[l], m.db[l], g, a, n, k, o)
		if m.masks != nil {
			mulTo(m.dw[l], m.masks[l])
		}
		if l == 0 {
			if din != nil {
				m.ks.denseBackInput(din, g, m.w[l], nil, n, k, o)
			}
			break
		}
		next := &m.g1
		if len(g) > 0 && len(*next) > 0 && &g[0] == &(*next)[0] {
			next = &m.g2
		}
		*next = growTo(*next, n*k)
		m.ks.denseBackInput(*next, g, m.w[l], m.h[l-1], n, k, o)
		g = *next
	}
}

// mulTo computes dst *= x elementwise.
func mulTo(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] *= v
	}
}
