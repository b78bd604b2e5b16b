package flow

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// mlp is a fully connected network: sizes[0] inputs, ReLU hidden layers and a
// linear output of sizes[len(sizes)-1] values. Weight l is sizes[l+1]×sizes[l]
// (out×in). An optional 0/1 mask per weight (MADE) holds masked weights at
// zero: they start at zero and their gradients are zeroed, so the products
// can use the weights as they are.
//
// A masked network keeps its hidden units in an internal order (chosen by
// plan) in which every mask row is one run of columns, so that the kernels
// can skip the masked blocks. Its bound parameters and gradients are stored
// in that order, which spares a reordering in every step; load and export
// convert from and to the natural order that models are saved in. Inputs and
// outputs keep their natural order.
type mlp struct {
	sizes  []int
	masks  [][]float64 // nil, or one out×in mask per weight, natural order
	w, b   [][]float64 // views into the bound parameters, internal order
	dw, db [][]float64 // views into the bound gradients, internal order

	in     []float64   // input of the last forward call (not owned)
	h      [][]float64 // h[l] is the output of dense layer l (post-ReLU when hidden), in internal order
	g1, g2 []float64   // back-propagation scratch

	order    [][]int  // order[l][q] is the natural index of dense layer l's output at internal position q; nil: natural
	fwd, bwd [][]span // row spans of weight l and of its transpose, in internal order
	holes    [][]int  // masked networks: per layer, the masked entries of weight l inside its spans, which the products write
	ks       kernelScratch

	onAccel  bool // the last forward ran on the accelerator, so backward tries it first
	accelNet any  // the accelerator's state for this network
}

// newMLP returns an unbound network with the given layer sizes.
func newMLP(sizes []int, masks [][]float64) *mlp {
	L := len(sizes) - 1
	m := &mlp{sizes: sizes, masks: masks, w: make([][]float64, L), b: make([][]float64, L),
		dw: make([][]float64, L), db: make([][]float64, L), h: make([][]float64, L),
		order: make([][]int, L), fwd: make([][]span, L), bwd: make([][]span, L), holes: make([][]int, L)}
	m.plan()
	return m
}

// plan chooses the internal order of the hidden units and the spans of every
// weight. Without masks every weight is one dense span. With masks, the units
// of each hidden layer are sorted by how many inputs they see (ascending) and
// then by how many units of the next layer see them (descending); for MADE
// this sorts units by degree, which makes every mask row a prefix (hidden
// layers) or suffix (transposed) of the columns.
func (m *mlp) plan() {
	L := len(m.sizes) - 1
	if m.masks != nil {
		for l := 0; l+1 < L; l++ {
			in, out := m.sizes[l], m.sizes[l+1]
			seen, sees := make([]float64, out), make([]float64, out)
			for u := range out {
				seen[u] = sumSeq(0, m.masks[l][u*in:(u+1)*in])
			}
			next := m.masks[l+1]
			for j := range m.sizes[l+2] {
				AddTo(sees, next[j*out:(j+1)*out])
			}
			ord := make([]int, out)
			for u := range ord {
				ord[u] = u
			}
			slices.SortStableFunc(ord, func(a, b int) int {
				return cmp.Or(cmp.Compare(seen[a], seen[b]), cmp.Compare(sees[b], sees[a]))
			})
			m.order[l] = ord
		}
	}
	for l := range L {
		k, o := m.sizes[l], m.sizes[l+1]
		if m.masks == nil {
			m.fwd[l] = []span{{0, o, 0, k}}
			m.bwd[l] = []span{{0, k, 0, o}}
			continue
		}
		rm := make([]float64, o*k)
		m.pack(rm, m.masks[l], nil, l)
		m.fwd[l] = spansOf(rm, o, k)
		for _, sp := range m.fwd[l] {
			for r := sp.r0; r < sp.r1; r++ {
				for c := sp.lo; c < sp.hi; c++ {
					if rm[r*k+c] == 0 {
						m.holes[l] = append(m.holes[l], r*k+c)
					}
				}
			}
		}
		tm := make([]float64, k*o)
		transpose(tm, rm, nil, o, k)
		m.bwd[l] = spansOf(tm, k, o)
	}
}

// spansOf returns the row spans of the r×c matrix x: rows are taken four at a
// time (the kernels' block width), each block spans the columns from its
// first to its last nonzero entry, and consecutive blocks with the same
// columns are merged.
func spansOf(x []float64, r, c int) []span {
	var out []span
	for r0 := 0; r0 < r; r0 += 4 {
		s := span{r0: r0, r1: min(r0+4, r), lo: c, hi: 0}
		for i := s.r0; i < s.r1; i++ {
			for j, v := range x[i*c : (i+1)*c] {
				if v != 0 {
					s.lo, s.hi = min(s.lo, j), max(s.hi, j+1)
				}
			}
		}
		if s.hi <= s.lo {
			s.lo, s.hi = 0, 0
		}
		if n := len(out); n > 0 && out[n-1].lo == s.lo && out[n-1].hi == s.hi {
			out[n-1].r1 = s.r1
			continue
		}
		out = append(out, s)
	}
	return out
}

// pack writes into dst the out×in matrix src of dense layer l with its rows
// and columns in internal order, multiplied by mask (natural order) unless
// mask is nil.
func (m *mlp) pack(dst, src, mask []float64, l int) {
	k, o := m.sizes[l], m.sizes[l+1]
	rows := m.order[l]
	var cols []int
	if l > 0 {
		cols = m.order[l-1]
	}
	for q := range o {
		r := q
		if rows != nil {
			r = rows[q]
		}
		d, s := dst[q*k:(q+1)*k], src[r*k:(r+1)*k]
		switch {
		case cols == nil && mask == nil:
			copy(d, s)
		case cols == nil:
			for p, mk := range mask[r*k : (r+1)*k] {
				d[p] = s[p] * mk
			}
		case mask == nil:
			for p, c := range cols {
				d[p] = s[c]
			}
		default:
			mk := mask[r*k : (r+1)*k]
			for p, c := range cols {
				d[p] = s[c] * mk[c]
			}
		}
	}
}

// unpack is the inverse of pack without a mask: it writes the internally
// ordered src back into the naturally ordered dst.
func (m *mlp) unpack(dst, src []float64, l int) {
	k, o := m.sizes[l], m.sizes[l+1]
	var cols []int
	if l > 0 {
		cols = m.order[l-1]
	}
	for q := range o {
		r := m.rowIndex(l, q)
		d, s := dst[r*k:(r+1)*k], src[q*k:(q+1)*k]
		if cols == nil {
			copy(d, s)
			continue
		}
		for p, c := range cols {
			d[c] = s[p]
		}
	}
}

// rowIndex returns the natural index of dense layer l's output at internal
// position q.
func (m *mlp) rowIndex(l, q int) int {
	if m.order[l] == nil {
		return q
	}
	return m.order[l][q]
}

// load sets the weights ws and biases bs (bound parameters or gradients,
// internal order) from src, laid out as bind's params but in natural order;
// masked weights are set to zero.
func (m *mlp) load(ws, bs [][]float64, src []float64) {
	if len(src) != m.numParams() {
		panic(badLength)
	}
	off := 0
	for l := range m.w {
		k, o := m.sizes[l], m.sizes[l+1]
		w, b := src[off:off+o*k], src[off+o*k:off+o*k+o]
		off += o*k + o
		if m.masks == nil {
			copy(ws[l], w)
			copy(bs[l], b)
			continue
		}
		m.pack(ws[l], w, m.masks[l], l)
		for q := range o {
			bs[l][q] = b[m.rowIndex(l, q)]
		}
	}
}

// export writes the weights ws and biases bs (bound parameters or gradients,
// internal order) into dst in natural order, laid out as bind's params.
func (m *mlp) export(dst []float64, ws, bs [][]float64) {
	if len(dst) != m.numParams() {
		panic(badLength)
	}
	off := 0
	for l := range ws {
		k, o := m.sizes[l], m.sizes[l+1]
		w, b := dst[off:off+o*k], dst[off+o*k:off+o*k+o]
		off += o*k + o
		if m.masks == nil {
			copy(w, ws[l])
			copy(b, bs[l])
			continue
		}
		m.unpack(w, ws[l], l)
		for q, v := range bs[l] {
			b[m.rowIndex(l, q)] = v
		}
	}
}

// maskedParams returns, in the bound (internal) order, 1 for every trained
// parameter and 0 for every weight a mask holds at zero.
func (m *mlp) maskedParams() []float64 {
	out := make([]float64, m.numParams())
	for i := range out {
		out[i] = 1
	}
	if m.masks == nil {
		return out
	}
	off := 0
	for l, mk := range m.masks {
		k, o := m.sizes[l], m.sizes[l+1]
		m.pack(out[off:off+o*k], mk, nil, l)
		off += o*k + o
	}
	return out
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
	natural := make([]float64, m.numParams())
	off := 0
	for l := range m.w {
		in, out := m.sizes[l], m.sizes[l+1]
		lim := math.Sqrt(6 / float64(in+out))
		for i := range in * out {
			natural[off+i] = (2*rng.Float64() - 1) * lim
		}
		off += in*out + out
	}
	m.load(m.w, m.b, natural)
}

// forward runs the network on n rows of in and returns the n×out output, a
// view into the network's workspace valid until the next call. in must stay
// unchanged until backward.
func (m *mlp) forward(in []float64, n int) []float64 {
	m.in = in
	last := len(m.w) - 1
	m.onAccel = accel != nil && accel.mlpForward(m, in, n)
	if m.onAccel {
		return m.h[last][:n*m.sizes[last+1]]
	}
	x := in
	for l := range m.w {
		k, o := m.sizes[l], m.sizes[l+1]
		m.h[l] = growTo(m.h[l], n*o)
		m.ks.denseForward(m.h[l], x, m.w[l], m.b[l], m.fwd[l], n, k, o, l < last)
		x = m.h[l]
	}
	return x
}

// backward takes the n×out gradient of the loss w.r.t. the last forward's
// output, accumulates the parameter gradients, and writes the n×in gradient
// w.r.t. the input into din unless din is nil. gOut is not modified.
func (m *mlp) backward(din, gOut []float64, n int) {
	if m.onAccel && accel.mlpBackward(m, din, gOut, n) {
		return
	}
	g := gOut
	for l := len(m.w) - 1; l >= 0; l-- {
		k, o := m.sizes[l], m.sizes[l+1]
		a := m.in
		if l > 0 {
			a = m.h[l-1]
		}
		m.ks.denseBackWeights(m.dw[l], m.db[l], g, a, m.fwd[l], n, k, o)
		m.zeroHoles(l)
		if l == 0 && din == nil {
			break
		}
		w := m.w[l]
		if l == 0 {
			m.ks.denseBackInput(din, g, w, nil, m.bwd[l], n, k, o)
			break
		}
		next := &m.g1
		if len(g) > 0 && len(*next) > 0 && &g[0] == &(*next)[0] {
			next = &m.g2
		}
		*next = growTo(*next, n*k)
		m.ks.denseBackInput(*next, g, w, m.h[l-1], m.bwd[l], n, k, o)
		g = *next
	}
}

// zeroHoles sets the gradients of weight l's masked entries, which the
// products have written, back to zero.
func (m *mlp) zeroHoles(l int) {
	dw := m.dw[l]
	for _, i := range m.holes[l] {
		dw[i] = 0
	}
}

// zeroOutput sets the output layer's weights and biases to zero, so the
// network outputs zeros whatever its input.
func (m *mlp) zeroOutput() {
	last := len(m.w) - 1
	clear(m.w[last])
	clear(m.b[last])
}
