package flow

import (
	"math"
	"math/rand/v2"
)

func init() {
	registerFamily(Family{Name: ModelRealNVP, Title: "Real NVP", Order: 0, MinDim: 2,
		Layer: func(c Config) Layer { return NewCoupling(c.Dim, c.hiddenSizes()) },
		Sizes: func(c Config) []int { return couplingSizes(c.Dim, c.hiddenSizes(), 2) }})
}

// couplingSizes is the conditioner of a coupling layer on dim features: the
// NB = dim − dim/2 frozen features in, perFeature outputs for each of the
// NA = dim/2 transformed ones out.
func couplingSizes(dim int, hidden []int, perFeature int) []int {
	na := dim / 2
	return append(append([]int{dim - na}, hidden...), perFeature*na)
}

// Coupling is a Real NVP affine coupling layer (Dinh et al. 2017; paper §III).
// The first NA = Dim/2 features are scaled and shifted, the other NB = Dim−NA
// pass through and condition the transformation:
//
//	forward (base → data):  x_a = z_a · exp(s(z_b)) + t(z_b),  x_b = z_b
//	inverse (data → base):  z_a = (x_a − t(x_b)) · exp(−s(x_b))
//	ln|det ∂z/∂x| = −Σ_i s_i(x_b)
//
// s and t come from one MLP of the frozen half with ReLU hidden layers whose
// output is split in two heads: s = tanh(·) (a bounded log-scale) and t linear.
type Coupling struct {
	halves
	net *mlp

	s, es, za     []float64 // workspace of the last Inverse: log-scale, exp(−s), z_a
	gu            []float64 // back-propagation scratch
	sat, satTotal int
}

// NewCoupling returns a coupling layer for dim ≥ 2 features whose conditioner
// has the given hidden layer widths. It panics if dim < 2.
func NewCoupling(dim int, hidden []int) *Coupling {
	if dim < 2 {
		panic("flow: coupling needs at least 2 features")
	}
	h := newHalves(dim)
	sizes := append(append([]int{h.nb}, hidden...), 2*h.na)
	return &Coupling{halves: h, net: newMLP(sizes, nil)}
}

// halves is the feature split of a coupling layer: the first na = dim/2
// features are transformed, the other nb condition the transformation.
type halves struct {
	dim, na, nb int
	xb          []float64 // the conditioning half of the last batch
	gxb         []float64 // back-propagation scratch: ∂L/∂x_b from the conditioner
}

func newHalves(dim int) halves { return halves{dim: dim, na: dim / 2, nb: dim - dim/2} }

// describe lists the transformed and the conditioning features in info.
func (h *halves) describe(info *LayerInfo) {
	for i := range h.dim {
		if i < h.na {
			info.Transformed = append(info.Transformed, i)
		} else {
			info.Conditioner = append(info.Conditioner, i)
		}
	}
}

// gather copies the conditioning half of n rows of v into h.xb and returns it.
func (h *halves) gather(v []float64, n int) []float64 {
	h.xb = growTo(h.xb, n*h.nb)
	for i := range n {
		copy(h.xb[i*h.nb:(i+1)*h.nb], v[i*h.dim+h.na:(i+1)*h.dim])
	}
	return h.xb
}

// Dim implements Layer.
func (c *Coupling) Dim() int { return c.dim }

// NumParams implements Layer.
func (c *Coupling) NumParams() int { return c.net.numParams() }

// Bind implements Layer.
func (c *Coupling) Bind(params, grads []float64) { c.net.bind(params, grads) }

// Init implements Layer.
func (c *Coupling) Init(rng *rand.Rand) { c.net.init(rng) }

// Info implements Layer.
func (c *Coupling) Info() LayerInfo {
	info := LayerInfo{Kind: "coupling", Params: c.NumParams(), Hidden: c.net.sizes[1 : len(c.net.sizes)-1]}
	c.describe(&info)
	return info
}

// conditioner gathers the frozen half of n rows of v into c.xb and runs the
// network, returning its n×2NA output (s pre-activations, then t).
func (c *Coupling) conditioner(v []float64, n int) []float64 {
	return c.net.forward(c.gather(v, n), n)
}

// backwardConditioner back-propagates gu, the loss gradient with respect to
// the conditioner net's outputs for n rows, through net (accumulating its
// parameter gradients) and, unless dx is nil, into the conditioning half:
// dx_b = dz_b + ∂L/∂x_b (the half passes through unchanged and feeds net).
func (h *halves) backwardConditioner(net *mlp, gu, dx, dz []float64, n int) {
	if dx == nil {
		net.backward(nil, gu, n)
		return
	}
	na, nb, d := h.na, h.nb, h.dim
	h.gxb = growTo(h.gxb, n*nb)
	net.backward(h.gxb, gu, n)
	for i := range n {
		dxi, dzi, gi := dx[i*d+na:(i+1)*d], dz[i*d+na:(i+1)*d], h.gxb[i*nb:(i+1)*nb]
		for j := range nb {
			dxi[j] = dzi[j] + gi[j]
		}
	}
}

// Forward implements Layer.
func (c *Coupling) Forward(x, logDet, z []float64, n int) {
	if len(x) < n*c.dim || len(z) < n*c.dim || len(logDet) < n {
		panic(badLength)
	}
	u := c.conditioner(z, n)
	na, d := c.na, c.dim
	for i := range n {
		ui, zi, xi := u[i*2*na:(i+1)*2*na], z[i*d:(i+1)*d], x[i*d:(i+1)*d]
		ld := 0.0
		for j := range na {
			s := math.Tanh(ui[j])
			xi[j] = zi[j]*math.Exp(s) + ui[na+j]
			ld += s
		}
		copy(xi[na:], zi[na:])
		logDet[i] += ld
	}
}

// Inverse implements Layer.
func (c *Coupling) Inverse(z, logDet, x []float64, n int) {
	if len(x) < n*c.dim || len(z) < n*c.dim || len(logDet) < n {
		panic(badLength)
	}
	u := c.conditioner(x, n)
	na, d := c.na, c.dim
	c.s, c.es, c.za = growTo(c.s, n*na), growTo(c.es, n*na), growTo(c.za, n*na)
	sat := 0
	for i := range n {
		ui, xi, zi := u[i*2*na:(i+1)*2*na], x[i*d:(i+1)*d], z[i*d:(i+1)*d]
		si, ei, zai := c.s[i*na:(i+1)*na], c.es[i*na:(i+1)*na], c.za[i*na:(i+1)*na]
		ld := 0.0
		for j := range na {
			s := math.Tanh(ui[j])
			e := math.Exp(-s)
			za := (xi[j] - ui[na+j]) * e
			si[j], ei[j], zai[j], zi[j] = s, e, za, za
			ld -= s
			if s > 0.99 || s < -0.99 {
				sat++
			}
		}
		copy(zi[na:], xi[na:])
		logDet[i] += ld
	}
	c.sat, c.satTotal = sat, n*na
}

// Backward implements Layer. With z_a = (x_a − t)·e^{−s} and a loss weight w
// on −Σs: ∂L/∂x_a = g·e^{−s}, ∂L/∂t = −g·e^{−s}, ∂L/∂s = −g·z_a − w, and
// ∂s/∂u = 1 − s².
func (c *Coupling) Backward(dx, dz []float64, w float64, n int) {
	na, d := c.na, c.dim
	c.gu = growTo(c.gu, n*2*na)
	for i := range n {
		gi, gui := dz[i*d:i*d+na], c.gu[i*2*na:(i+1)*2*na]
		si, ei, zai := c.s[i*na:(i+1)*na], c.es[i*na:(i+1)*na], c.za[i*na:(i+1)*na]
		for j := range na {
			ge := gi[j] * ei[j]
			gui[na+j] = -ge
			gui[j] = (-gi[j]*zai[j] - w) * (1 - si[j]*si[j])
			if dx != nil {
				dx[i*d+j] = ge
			}
		}
	}
	c.backwardConditioner(c.net, c.gu, dx, dz, n)
}

func (c *Coupling) saturation() (int, int) { return c.sat, c.satTotal }

// startIdentity implements identityStarter: with the output layer zeroed,
// s = t = 0 and the layer is the identity.
func (c *Coupling) startIdentity() { c.net.zeroOutput() }
