package flow

import "math"

// Hot loops of the engine: the three matrix products of a dense layer's
// forward and backward passes. They are plain Go, because Go compiled to
// WebAssembly has no assembly kernels (gonum falls back to plain loops there)
// and register blocking pays 2–4× in wasm (ARCHITECTURE.md, "Speed"). gonum's
// mat.Dense.Mul is the reference in tests.
//
// All matrices are row-major. Weights are stored out×in, as in a PyTorch Linear
// layer. The three products are all computed by one kernel, mulNT, which
// multiplies by a transposed matrix so that both operands are read along
// contiguous rows; the backward products first pack the operands they need
// transposed. On WebAssembly an accelerator with SIMD instructions takes over
// (kernels_js.go) and the Go kernels are its fallback.
//
// A weight matrix is described by spans: runs of rows whose nonzero entries
// all lie in one run of columns. A dense matrix is one span; a MADE layer
// whose units are sorted by degree is a few (see mlp.plan), and the kernels
// skip the columns outside each span, which hold zeros.
//
// Every output element is accumulated in a single register, starting from its
// initial value (bias, zero, or the gradient so far) and adding the products in
// increasing order of the summed index. The blocking therefore never changes a
// result: every block shape gives the same bits, on every platform.

// span is a run of rows [r0, r1) of a matrix whose nonzero entries all lie in
// the columns [lo, hi).
type span struct{ r0, r1, lo, hi int }

// accelerator is a faster implementation of the dense products on one
// platform (the WebAssembly SIMD module of flow/internal/simd, driven by
// kernels_js.go). A method returns false when it cannot take a call, which
// the Go kernels then compute; when it returns true its results are
// bit-identical to theirs.
//
// mlpForward runs a whole network's forward pass, leaving every layer's
// output in the network's h; mlpBackward then runs the backward pass of that
// forward like mlp.backward (when it declines, the Go kernels do, from the
// same h). Working on whole networks takes one call into the module per
// pass instead of one per product.
type accelerator interface {
	denseForward(out, a, w, bias []float64, ws []span, n, k, m int, relu bool) bool
	denseBackInput(out, g, w, act []float64, ws []span, n, k, m int) bool
	denseBackWeights(dw, db, g, a []float64, ws []span, n, k, m int) bool
	mlpForward(m *mlp, in []float64, n int) bool
	mlpBackward(m *mlp, din, gOut []float64, n int) bool
}

// accel is the platform's accelerator, or nil to always use the Go kernels.
var accel accelerator

// kernelScratch computes the dense products and holds the transposed copies
// that the Go kernels make. Its buffers grow to the largest layer and are
// then reused, so that a training step allocates nothing.
type kernelScratch struct {
	wt, gt, at []float64
}

// denseForward computes out = a·wᵀ + bias, then max(0,·) when relu is set.
// a is n×k, w is m×k with the row spans ws, bias has m values, out is n×m.
func (s *kernelScratch) denseForward(out, a, w, bias []float64, ws []span, n, k, m int, relu bool) {
	if len(a) < n*k || len(w) < m*k || len(bias) < m || len(out) < n*m {
		panic(badLength)
	}
	if accel != nil && accel.denseForward(out, a, w, bias, ws, n, k, m, relu) {
		return
	}
	for _, sp := range ws {
		mulNT(out[sp.r0:], m, a[sp.lo:], k, w[sp.r0*k+sp.lo:], k, bias[sp.r0:], 0, n, sp.r1-sp.r0, sp.hi-sp.lo)
	}
	if relu {
		reluInPlace(out[:n*m])
	}
}

// denseBackInput computes out = g·w, the gradient with respect to a dense
// layer's input. g is n×m, w is m×k and ws are the row spans of wᵀ, out is
// n×k. When act is not nil, out is multiplied elementwise by the ReLU
// derivative of the n×k activations act (1 where act > 0, else 0).
func (s *kernelScratch) denseBackInput(out, g, w, act []float64, ws []span, n, k, m int) {
	if len(g) < n*m || len(w) < m*k || len(out) < n*k || (act != nil && len(act) < n*k) {
		panic(badLength)
	}
	if accel != nil && accel.denseBackInput(out, g, w, act, ws, n, k, m) {
		return
	}
	s.wt = growTo(s.wt, k*m)
	transpose(s.wt, w, nil, m, k)
	for _, sp := range ws {
		mulNT(out[sp.r0:], k, g[sp.lo:], m, s.wt[sp.r0*m+sp.lo:], m, nil, 0, n, sp.r1-sp.r0, sp.hi-sp.lo)
	}
	if act != nil {
		reluGrad(out[:n*k], act[:n*k])
	}
}

// denseBackWeights accumulates dw += gᵀ·a and db += Σ_rows g, the gradients
// of a dense layer's weights and bias. g is n×m, a is n×k, dw is m×k; only
// the entries of dw inside its row spans ws are updated.
func (s *kernelScratch) denseBackWeights(dw, db, g, a []float64, ws []span, n, k, m int) {
	if len(g) < n*m || len(a) < n*k || len(dw) < m*k || len(db) < m {
		panic(badLength)
	}
	if accel != nil && accel.denseBackWeights(dw, db, g, a, ws, n, k, m) {
		return
	}
	s.gt, s.at = growTo(s.gt, m*n), growTo(s.at, k*n)
	transpose(s.gt, g, db, n, m)
	transpose(s.at, a, nil, n, k)
	for _, sp := range ws {
		c := dw[sp.r0*k+sp.lo:]
		mulNT(c, k, s.gt[sp.r0*n:], n, s.at[sp.lo*n:], n, c, k, sp.r1-sp.r0, sp.hi-sp.lo, n)
	}
}

// mulNT computes the n×m matrix c = init + a·bᵀ, where a is n×k, b is m×k
// and init is nil (zero), a row of m values broadcast to every row (ldInit 0),
// or an n×m matrix, which may be c itself. Rows of c, a, b and init start
// ldc, lda, ldb and ldInit values apart.
//
// The main loop computes 2×4 blocks of c with the summed index unrolled by 4:
// 8 accumulators and 6 operands fit the 16 floating-point registers of both
// amd64 and Go's wasm port without spilling, and the long loop body amortises
// the per-iteration branch, which is costly in wasm. A 2×2 block and single
// columns finish the last columns, and single dot products an odd last row.
func mulNT(c []float64, ldc int, a []float64, lda int, b []float64, ldb int, init []float64, ldInit int, n, m, k int) {
	if n <= 0 || m <= 0 {
		return
	}
	if len(c) < (n-1)*ldc+m || len(a) < (n-1)*lda+k || len(b) < (m-1)*ldb+k ||
		(init != nil && len(init) < (n-1)*ldInit+m) {
		panic(badLength)
	}
	i := 0
	for ; i+2 <= n; i += 2 {
		a0 := a[i*lda:][:k]
		a1 := a[(i+1)*lda:][:k]
		c0 := c[i*ldc:][:m]
		c1 := c[(i+1)*ldc:][:m]
		var i0, i1 []float64
		if init != nil {
			i0 = init[i*ldInit:][:m]
			i1 = init[(i+1)*ldInit:][:m]
		}
		j := 0
		for ; j+4 <= m; j += 4 {
			b0 := b[j*ldb:][:k]
			b1 := b[(j+1)*ldb:][:k]
			b2 := b[(j+2)*ldb:][:k]
			b3 := b[(j+3)*ldb:][:k]
			var c00, c01, c02, c03, c10, c11, c12, c13 float64
			if init != nil {
				r0, r1 := i0[j:j+4:j+4], i1[j:j+4:j+4]
				c00, c01, c02, c03 = r0[0], r0[1], r0[2], r0[3]
				c10, c11, c12, c13 = r1[0], r1[1], r1[2], r1[3]
			}
			p := 0
			for ; p+4 <= k; p += 4 {
				x0, x1 := a0[p:p+4:p+4], a1[p:p+4:p+4]
				y0, y1, y2, y3 := b0[p:p+4:p+4], b1[p:p+4:p+4], b2[p:p+4:p+4], b3[p:p+4:p+4]

				u, v := x0[0], x1[0]
				c00 += u * y0[0]
				c01 += u * y1[0]
				c02 += u * y2[0]
				c03 += u * y3[0]
				c10 += v * y0[0]
				c11 += v * y1[0]
				c12 += v * y2[0]
				c13 += v * y3[0]

				u, v = x0[1], x1[1]
				c00 += u * y0[1]
				c01 += u * y1[1]
				c02 += u * y2[1]
				c03 += u * y3[1]
				c10 += v * y0[1]
				c11 += v * y1[1]
				c12 += v * y2[1]
				c13 += v * y3[1]

				u, v = x0[2], x1[2]
				c00 += u * y0[2]
				c01 += u * y1[2]
				c02 += u * y2[2]
				c03 += u * y3[2]
				c10 += v * y0[2]
				c11 += v * y1[2]
				c12 += v * y2[2]
				c13 += v * y3[2]

				u, v = x0[3], x1[3]
				c00 += u * y0[3]
				c01 += u * y1[3]
				c02 += u * y2[3]
				c03 += u * y3[3]
				c10 += v * y0[3]
				c11 += v * y1[3]
				c12 += v * y2[3]
				c13 += v * y3[3]
			}
			for ; p < k; p++ {
				u, v := a0[p], a1[p]
				y0, y1, y2, y3 := b0[p], b1[p], b2[p], b3[p]
				c00 += u * y0
				c01 += u * y1
				c02 += u * y2
				c03 += u * y3
				c10 += v * y0
				c11 += v * y1
				c12 += v * y2
				c13 += v * y3
			}
			o0, o1 := c0[j:j+4:j+4], c1[j:j+4:j+4]
			o0[0], o0[1], o0[2], o0[3] = c00, c01, c02, c03
			o1[0], o1[1], o1[2], o1[3] = c10, c11, c12, c13
		}
		if j+2 <= m {
			// A 2×2 block: four independent sums rather than two.
			b0 := b[j*ldb:][:k]
			b1 := b[(j+1)*ldb:][:k]
			var c00, c01, c10, c11 float64
			if init != nil {
				c00, c01, c10, c11 = i0[j], i0[j+1], i1[j], i1[j+1]
			}
			for p, u := range a0 {
				v, y0, y1 := a1[p], b0[p], b1[p]
				c00 += u * y0
				c01 += u * y1
				c10 += v * y0
				c11 += v * y1
			}
			c0[j], c0[j+1], c1[j], c1[j+1] = c00, c01, c10, c11
			j += 2
		}
		for ; j < m; j++ {
			bj := b[j*ldb:][:k]
			var s0, s1 float64
			if init != nil {
				s0, s1 = i0[j], i1[j]
			}
			c0[j] = dotSeq(s0, a0, bj)
			c1[j] = dotSeq(s1, a1, bj)
		}
	}
	if i < n {
		ai := a[i*lda:][:k]
		ci := c[i*ldc:][:m]
		for j := range ci {
			s := 0.0
			if init != nil {
				s = init[i*ldInit+j]
			}
			ci[j] = dotSeq(s, ai, b[j*ldb:][:k])
		}
	}
}

// transpose writes the c×r transpose of the r×c matrix src into dst. When sum
// is not nil it also adds every column of src to sum (c values), row by row in
// increasing order. Four source rows are read at a time so that the writes
// are runs of four contiguous values.
func transpose(dst, src, sum []float64, r, c int) {
	src, dst = src[:r*c], dst[:r*c]
	if sum != nil {
		sum = sum[:c]
	}
	i := 0
	for ; i+4 <= r; i += 4 {
		s0 := src[i*c:][:c]
		s1 := src[(i+1)*c:][:c]
		s2 := src[(i+2)*c:][:c]
		s3 := src[(i+3)*c:][:c]
		for j, v := range s0 {
			d := dst[j*r+i:][:4]
			d[0], d[1], d[2], d[3] = v, s1[j], s2[j], s3[j]
		}
		if sum != nil {
			for j, v := range s0 {
				sum[j] = sum[j] + v + s1[j] + s2[j] + s3[j]
			}
		}
	}
	for ; i < r; i++ {
		row := src[i*c:][:c]
		for j, v := range row {
			dst[j*r+i] = v
		}
		if sum != nil {
			AddTo(sum, row)
		}
	}
}

// dotSeq returns s + Σ x[i]·y[i], adding in increasing i; y must be at least
// as long as x.
func dotSeq(s float64, x, y []float64) float64 {
	y = y[:len(x)]
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// reluInPlace sets every negative value of x to zero. It selects on the bits
// of each value, which compiles to a conditional move instead of a branch
// that the signs of activations would make unpredictable (5× faster).
func reluInPlace(x []float64) {
	for i, v := range x {
		b := math.Float64bits(v)
		if v < 0 {
			b = 0
		}
		x[i] = math.Float64frombits(b)
	}
}

// reluGrad zeroes g where the post-activation act is not positive, without
// branches (as reluInPlace).
func reluGrad(g, act []float64) {
	act = act[:len(g)]
	for i, v := range act {
		b := math.Float64bits(g[i])
		if v <= 0 {
			b = 0
		}
		g[i] = math.Float64frombits(b)
	}
}

// AddTo computes dst += x elementwise (x must be at least as long as dst).
// It also reduces the gradients of data-parallel shares, on the critical
// path of every step, so it is unrolled: under wasm that runs twice as fast
// as a plain loop or gonum's floats.Add (BenchmarkAddTo: 0.6–0.7 against 1.24 ms
// for a paper MADE's gradient).
func AddTo(dst, x []float64) {
	x = x[:len(dst)]
	if vec != nil && len(dst) >= vecMinLen && vec.add(dst, x) {
		return
	}
	i := 0
	for ; i+4 <= len(dst); i += 4 {
		dst[i] += x[i]
		dst[i+1] += x[i+1]
		dst[i+2] += x[i+2]
		dst[i+3] += x[i+3]
	}
	for ; i < len(dst); i++ {
		dst[i] += x[i]
	}
}

// sumSeq returns s + Σ x[i], adding in increasing i.
func sumSeq(s float64, x []float64) float64 {
	for _, v := range x {
		s += v
	}
	return s
}
