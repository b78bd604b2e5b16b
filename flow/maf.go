package flow

import (
	"math"
	"math/rand/v2"
)

func init() {
	registerFamily(Family{Name: ModelMADE, Title: "MADE", Order: 1, MinDim: 1,
		Layer: func(c Config) Layer { return NewMAF(c.Dim, c.hiddenSizes()) },
		Sizes: func(c Config) []int { return append(append([]int{c.Dim}, c.hiddenSizes()...), 2*c.Dim) }})
}

// MAF is a masked autoregressive flow layer (Papamakarios et al. 2017) built
// on a MADE network that outputs, for every feature i, a shift μ_i and a
// log-scale α_i = tanh(·) depending only on the features before it:
//
//	forward (base → data):  x_i = z_i · exp(α_i(x_<i)) + μ_i(x_<i)   (Dim sequential passes)
//	inverse (data → base):  z_i = (x_i − μ_i(x_<i)) · exp(−α_i(x_<i)) (one pass)
//	ln|det ∂z/∂x| = −Σ_i α_i
//
// The network output is laid out as [μ_0 … μ_{d−1}, α_0 … α_{d−1}].
type MAF struct {
	dim   int
	net   *mlp
	masks [][]float64

	a, ea, z []float64 // workspace of the last Inverse: α, exp(−α), z
	gu, gx   []float64
	sat, tot int
}

// NewMAF returns a MAF layer for dim ≥ 1 features with the given hidden
// widths of its MADE network.
func NewMAF(dim int, hidden []int) *MAF {
	if dim < 1 {
		panic("flow: MAF needs at least 1 feature")
	}
	masks := madeMasks(dim, hidden, 2)
	sizes := append(append([]int{dim}, hidden...), 2*dim)
	return &MAF{dim: dim, net: newMLP(sizes, masks), masks: masks}
}

// Dim implements Layer.
func (m *MAF) Dim() int { return m.dim }

// NumParams implements Layer. Masked weights are counted: they are stored
// (always zero) so that the dense kernels can be used.
func (m *MAF) NumParams() int { return m.net.numParams() }

// Bind implements Layer. The parameters are stored in the network's internal
// order (see mlp); saved models hold them in natural order.
func (m *MAF) Bind(params, grads []float64) { m.net.bind(params, grads) }

// Init implements Layer.
func (m *MAF) Init(rng *rand.Rand) { m.net.init(rng) }

// Info implements Layer.
func (m *MAF) Info() LayerInfo {
	info := LayerInfo{Kind: "maf", Params: m.NumParams(), Hidden: m.net.sizes[1 : len(m.net.sizes)-1]}
	for i := range m.dim {
		info.Transformed = append(info.Transformed, i)
	}
	for _, mk := range m.masks {
		row := make([]int, len(mk))
		for i, v := range mk {
			row[i] = int(v)
		}
		info.Masks = append(info.Masks, row)
	}
	return info
}

// Forward implements Layer: Dim passes of the network, each fixing one more
// feature; the last pass sees all of x_<i for every i, so its α are exact.
func (m *MAF) Forward(x, logDet, z []float64, n int) {
	d := m.dim
	if len(x) < n*d || len(z) < n*d || len(logDet) < n {
		panic(badLength)
	}
	clear(x[:n*d])
	var u []float64
	for range d {
		u = m.net.forward(x, n)
		for i := range n {
			ui, zi, xi := u[i*2*d:(i+1)*2*d], z[i*d:(i+1)*d], x[i*d:(i+1)*d]
			for j := range d {
				xi[j] = zi[j]*math.Exp(math.Tanh(ui[d+j])) + ui[j]
			}
		}
	}
	for i := range n {
		ui := u[i*2*d+d : (i+1)*2*d]
		ld := 0.0
		for _, v := range ui {
			ld += math.Tanh(v)
		}
		logDet[i] += ld
	}
}

// Inverse implements Layer.
func (m *MAF) Inverse(z, logDet, x []float64, n int) {
	d := m.dim
	if len(x) < n*d || len(z) < n*d || len(logDet) < n {
		panic(badLength)
	}
	u := m.net.forward(x, n)
	m.a, m.ea, m.z = growTo(m.a, n*d), growTo(m.ea, n*d), growTo(m.z, n*d)
	sat := 0
	for i := range n {
		ui, xi, zi := u[i*2*d:(i+1)*2*d], x[i*d:(i+1)*d], z[i*d:(i+1)*d]
		ai, ei, zc := m.a[i*d:(i+1)*d], m.ea[i*d:(i+1)*d], m.z[i*d:(i+1)*d]
		ld := 0.0
		for j := range d {
			a := math.Tanh(ui[d+j])
			e := math.Exp(-a)
			v := (xi[j] - ui[j]) * e
			ai[j], ei[j], zc[j], zi[j] = a, e, v, v
			ld -= a
			if a > 0.99 || a < -0.99 {
				sat++
			}
		}
		logDet[i] += ld
	}
	m.sat, m.tot = sat, n*d
}

// Backward implements Layer. With z = (x − μ)·e^{−α} and weight w on −Σα:
// ∂L/∂x (direct) = g·e^{−α}, ∂L/∂μ = −g·e^{−α}, ∂L/∂α = −g·z − w, ∂α/∂u = 1 − α²;
// the network adds its own path from x to μ and α.
func (m *MAF) Backward(dx, dz []float64, w float64, n int) {
	d := m.dim
	m.gu = growTo(m.gu, n*2*d)
	for i := range n {
		gi, gui := dz[i*d:(i+1)*d], m.gu[i*2*d:(i+1)*2*d]
		ai, ei, zi := m.a[i*d:(i+1)*d], m.ea[i*d:(i+1)*d], m.z[i*d:(i+1)*d]
		for j := range d {
			ge := gi[j] * ei[j]
			gui[j] = -ge
			gui[d+j] = (-gi[j]*zi[j] - w) * (1 - ai[j]*ai[j])
		}
	}
	if dx == nil {
		m.net.backward(nil, m.gu, n)
		return
	}
	m.net.backward(dx, m.gu, n)
	for i := range n * d {
		dx[i] += dz[i] * m.ea[i]
	}
}

func (m *MAF) saturation() (int, int) { return m.sat, m.tot }

// ParamMask returns, for every bound parameter, 1 if it is trainable and 0
// if it is a weight that MADE's masks keep at zero.
func (m *MAF) ParamMask() []float64 { return m.net.maskedParams() }

// loadParams implements reordered: the MADE network stores its parameters
// with the hidden units sorted by degree.
func (m *MAF) loadParams(src []float64) { m.net.load(m.net.w, m.net.b, src) }

// exportParams implements reordered.
func (m *MAF) exportParams(dst []float64) { m.net.export(dst, m.net.w, m.net.b) }

// startIdentity implements identityStarter: with the output layer zeroed,
// μ = α = 0 and the layer is the identity.
func (m *MAF) startIdentity() { m.net.zeroOutput() }
