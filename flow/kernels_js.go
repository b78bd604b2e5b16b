package flow

import (
	"sync"

	"flowlab/flow/internal/simd"
)

// On GOOS=js the dense products run in a WebAssembly SIMD module (package
// flow/internal/simd holds the module, its bit-identical arithmetic and the
// syscall/js glue; this file turns products and whole networks into its
// operations). Go compiled to WebAssembly cannot emit SIMD instructions
// itself, and the module runs the products about three times faster than the
// Go kernels there. The module works in place on Go's memory, so operands
// are never copied. When WebAssembly SIMD or the Go memory is not available (or
// anything else fails) the Go kernels are used, with the same results.
func init() { accel = &simdAccel{} }

// simdMinMACs is the size below which work stays in Go: the call into the
// module costs a few microseconds. Tests lower it.
var simdMinMACs = 1 << 12

// simdChunk is how many rows of the batch the weight gradient takes at a time:
// the 64 rows of g and a that a block of dw reads stay in the L1 cache, which
// doubles the speed of that product (measured in Node).
const simdChunk = 64

// simdAccel runs the dense products in the SIMD module. Operations are
// collected in a list of int32 records (in Go's memory too) and run by one
// call.
type simdAccel struct {
	mu    sync.Mutex
	k     simd.Kernels
	wt    []float64
	calls int // products and networks taken, for tests
}

// simdNet is the accelerator's scratch for one network (mlp.accelNet): wᵀ of
// every layer for the forward pass.
type simdNet struct {
	wt [][]float64
}

// ready instantiates the module on first use and reports whether it runs.
func (s *simdAccel) ready() bool { return s.k.Ready() }

// op appends an operation.
func (s *simdAccel) op(kind int, args ...int) { s.k.Op(kind, args...) }

// exec runs and empties the operation list.
func (s *simdAccel) exec() { s.k.Exec() }

// forwardOps appends c = a·wtᵀ… : c (n×m) = bias + a (n×k) · wt (k×m) over
// the row spans ws of w, then the ReLU. Arguments are byte addresses.
func (s *simdAccel) forwardOps(c, a, wt, bias int, ws []span, n, k, m int, relu bool) {
	for _, sp := range ws {
		s.op(simd.OpGemm, c+8*sp.r0, m, a+8*sp.lo, k, 1, wt+8*(sp.lo*m+sp.r0), m, n, sp.r1-sp.r0, sp.hi-sp.lo, bias+8*sp.r0, 0)
	}
	if relu {
		s.op(simd.OpReLU, c, n*m)
	}
}

// inputOps appends c (n×k) = g (n×m) · w (m×k) over the row spans ws of wᵀ,
// then the mask by act unless act is 0.
func (s *simdAccel) inputOps(c, g, w, act int, ws []span, n, k, m int) {
	for _, sp := range ws {
		s.op(simd.OpGemm, c+8*sp.r0, k, g+8*sp.lo, m, 1, w+8*(sp.lo*k+sp.r0), k, n, sp.r1-sp.r0, sp.hi-sp.lo, 0, 0)
	}
	if act != 0 {
		s.op(simd.OpMask, c, act, n*k)
	}
}

// weightOps appends db += Σ_rows g and dw (m×k) += gᵀ (g n×m) · a (n×k)
// inside the row spans ws of dw, simdChunk rows of the batch at a time.
func (s *simdAccel) weightOps(dw, db, g, a int, ws []span, n, k, m int) {
	s.op(simd.OpColSum, db, g, n, m, m)
	for _, sp := range ws {
		c := dw + 8*(sp.r0*k+sp.lo)
		for i0 := 0; i0 < n; i0 += simdChunk {
			s.op(simd.OpGemm, c, k, g+8*(i0*m+sp.r0), 1, m, a+8*(i0*k+sp.lo), k,
				sp.r1-sp.r0, sp.hi-sp.lo, min(simdChunk, n-i0), c, k)
		}
	}
}

// takes reports whether the module takes work of macs multiply-adds.
func (s *simdAccel) takes(macs int) bool {
	if macs < simdMinMACs || !s.ready() {
		return false
	}
	s.calls++
	return true
}

// denseForward implements accelerator for one product.
func (s *simdAccel) denseForward(out, a, w, bias []float64, ws []span, n, k, m int, relu bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.takes(n * k * m) {
		return false
	}
	s.wt = growTo(s.wt, k*m)
	transpose(s.wt, w, nil, m, k)
	s.forwardOps(simd.Addr(out), simd.Addr(a), simd.Addr(s.wt), simd.Addr(bias), ws, n, k, m, relu)
	s.exec()
	return true
}

// denseBackInput implements accelerator for one product.
func (s *simdAccel) denseBackInput(out, g, w, act []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.takes(n * k * m) {
		return false
	}
	pa := 0
	if act != nil {
		pa = simd.Addr(act)
	}
	s.inputOps(simd.Addr(out), simd.Addr(g), simd.Addr(w), pa, ws, n, k, m)
	s.exec()
	return true
}

// denseBackWeights implements accelerator for one product.
func (s *simdAccel) denseBackWeights(dw, db, g, a []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.takes(n * k * m) {
		return false
	}
	s.weightOps(simd.Addr(dw), simd.Addr(db), simd.Addr(g), simd.Addr(a), ws, n, k, m)
	s.exec()
	return true
}

// macs returns the multiply-adds of m's forward pass on n rows.
func macs(m *mlp, n int) int {
	t := 0
	for l := range m.w {
		t += n * m.sizes[l] * m.sizes[l+1]
	}
	return t
}

// mlpForward implements accelerator: every layer's output goes into m.h in
// one call of the module.
func (s *simdAccel) mlpForward(m *mlp, in []float64, n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.takes(macs(m, n)) {
		return false
	}
	net, _ := m.accelNet.(*simdNet)
	if net == nil {
		net = &simdNet{wt: make([][]float64, len(m.w))}
		m.accelNet = net
	}
	L := len(m.w)
	a := in
	for l := range L {
		k, o := m.sizes[l], m.sizes[l+1]
		m.h[l] = growTo(m.h[l], n*o)
		net.wt[l] = growTo(net.wt[l], k*o)
		transpose(net.wt[l], m.w[l], nil, o, k)
		s.forwardOps(simd.Addr(m.h[l]), simd.Addr(a), simd.Addr(net.wt[l]), simd.Addr(m.b[l]), m.fwd[l], n, k, o, l < L-1)
		a = m.h[l]
	}
	s.exec()
	return true
}

// mlpBackward implements accelerator: the whole backward pass in one call,
// the gradient chain in m.g1 and m.g2.
func (s *simdAccel) mlpBackward(m *mlp, din, gOut []float64, n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.takes(macs(m, n)) {
		return false
	}
	L := len(m.w)
	width := 0
	for _, sz := range m.sizes {
		width = max(width, sz)
	}
	m.g1, m.g2 = growTo(m.g1, n*width), growTo(m.g2, n*width)
	g := gOut
	for l := L - 1; l >= 0; l-- {
		k, o := m.sizes[l], m.sizes[l+1]
		a := m.in
		if l > 0 {
			a = m.h[l-1]
		}
		s.weightOps(simd.Addr(m.dw[l]), simd.Addr(m.db[l]), simd.Addr(g), simd.Addr(a), m.fwd[l], n, k, o)
		if l == 0 && din == nil {
			break
		}
		if l == 0 {
			s.inputOps(simd.Addr(din), simd.Addr(g), simd.Addr(m.w[l]), 0, m.bwd[l], n, k, o)
			break
		}
		next := m.g1
		if (L-1-l)%2 == 1 {
			next = m.g2
		}
		s.inputOps(simd.Addr(next), simd.Addr(g), simd.Addr(m.w[l]), simd.Addr(a), m.bwd[l], n, k, o)
		g = next
	}
	s.exec()
	for l := range L {
		m.zeroHoles(l)
	}
	return true
}
