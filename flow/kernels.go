package flow

// Hot loops of the engine: the three matrix products of a dense layer's
// forward and backward passes. They are plain Go with 4×4 register blocks,
// because Go compiled to WebAssembly has no assembly kernels (gonum falls back
// to plain loops there) and register blocking pays 2–4× in wasm
// (ARCHITECTURE.md, "Speed"). gonum's mat.Dense.Mul is the reference in tests.
//
// All matrices are row-major. Weights are stored out×in, as in a PyTorch Linear
// layer, so the forward pass is a product with a transposed matrix.

// denseForward computes out = a·wᵀ + bias, then max(0,·) when relu is set.
// a is n×k, w is m×k, bias has m values, out is n×m.
func denseForward(out, a, w, bias []float64, n, k, m int, relu bool) {
	if len(a) < n*k || len(w) < m*k || len(bias) < m || len(out) < n*m {
		panic(badLength)
	}
	i := 0
	for ; i+4 <= n; i += 4 {
		a0 := a[i*k:][:k]
		a1 := a[(i+1)*k:][:k]
		a2 := a[(i+2)*k:][:k]
		a3 := a[(i+3)*k:][:k]
		o0 := out[i*m:][:m]
		o1 := out[(i+1)*m:][:m]
		o2 := out[(i+2)*m:][:m]
		o3 := out[(i+3)*m:][:m]
		j := 0
		for ; j+4 <= m; j += 4 {
			w0 := w[j*k:][:k]
			w1 := w[(j+1)*k:][:k]
			w2 := w[(j+2)*k:][:k]
			w3 := w[(j+3)*k:][:k]
			b := bias[j : j+4 : j+4]
			c00, c01, c02, c03 := b[0], b[1], b[2], b[3]
			c10, c11, c12, c13 := c00, c01, c02, c03
			c20, c21, c22, c23 := c00, c01, c02, c03
			c30, c31, c32, c33 := c00, c01, c02, c03
			for p := range a0 {
				x0, x1, x2, x3 := a0[p], a1[p], a2[p], a3[p]
				y0, y1, y2, y3 := w0[p], w1[p], w2[p], w3[p]
				c00 += x0 * y0
				c01 += x0 * y1
				c02 += x0 * y2
				c03 += x0 * y3
				c10 += x1 * y0
				c11 += x1 * y1
				c12 += x1 * y2
				c13 += x1 * y3
				c20 += x2 * y0
				c21 += x2 * y1
				c22 += x2 * y2
				c23 += x2 * y3
				c30 += x3 * y0
				c31 += x3 * y1
				c32 += x3 * y2
				c33 += x3 * y3
			}
			o0[j], o0[j+1], o0[j+2], o0[j+3] = c00, c01, c02, c03
			o1[j], o1[j+1], o1[j+2], o1[j+3] = c10, c11, c12, c13
			o2[j], o2[j+1], o2[j+2], o2[j+3] = c20, c21, c22, c23
			o3[j], o3[j+1], o3[j+2], o3[j+3] = c30, c31, c32, c33
		}
		for ; j < m; j++ {
			wj := w[j*k:][:k]
			o0[j] = bias[j] + dot(a0, wj)
			o1[j] = bias[j] + dot(a1, wj)
			o2[j] = bias[j] + dot(a2, wj)
			o3[j] = bias[j] + dot(a3, wj)
		}
	}
	for ; i < n; i++ {
		ai := a[i*k:][:k]
		oi := out[i*m:][:m]
		for j := range oi {
			oi[j] = bias[j] + dot(ai, w[j*k:][:k])
		}
	}
	if relu {
		reluInPlace(out[:n*m])
	}
}

// denseBackInput computes out = g·w, the gradient with respect to a dense
// layer's input. g is n×m, w is m×k, out is n×k. When act is not nil, out is
// multiplied elementwise by the ReLU derivative of the n×k activations act
// (1 where act > 0, else 0).
func denseBackInput(out, g, w, act []float64, n, k, m int) {
	if len(g) < n*m || len(w) < m*k || len(out) < n*k || (act != nil && len(act) < n*k) {
		panic(badLength)
	}
	i := 0
	for ; i+4 <= n; i += 4 {
		g0 := g[i*m:][:m]
		g1 := g[(i+1)*m:][:m]
		g2 := g[(i+2)*m:][:m]
		g3 := g[(i+3)*m:][:m]
		o0 := out[i*k:][:k]
		o1 := out[(i+1)*k:][:k]
		o2 := out[(i+2)*k:][:k]
		o3 := out[(i+3)*k:][:k]
		p := 0
		for ; p+4 <= k; p += 4 {
			var c00, c01, c02, c03, c10, c11, c12, c13 float64
			var c20, c21, c22, c23, c30, c31, c32, c33 float64
			off := p
			for j := range g0 {
				y := w[off : off+4 : off+4]
				off += k
				x0, x1, x2, x3 := g0[j], g1[j], g2[j], g3[j]
				y0, y1, y2, y3 := y[0], y[1], y[2], y[3]
				c00 += x0 * y0
				c01 += x0 * y1
				c02 += x0 * y2
				c03 += x0 * y3
				c10 += x1 * y0
				c11 += x1 * y1
				c12 += x1 * y2
				c13 += x1 * y3
				c20 += x2 * y0
				c21 += x2 * y1
				c22 += x2 * y2
				c23 += x2 * y3
				c30 += x3 * y0
				c31 += x3 * y1
				c32 += x3 * y2
				c33 += x3 * y3
			}
			o0[p], o0[p+1], o0[p+2], o0[p+3] = c00, c01, c02, c03
			o1[p], o1[p+1], o1[p+2], o1[p+3] = c10, c11, c12, c13
			o2[p], o2[p+1], o2[p+2], o2[p+3] = c20, c21, c22, c23
			o3[p], o3[p+1], o3[p+2], o3[p+3] = c30, c31, c32, c33
		}
		for ; p < k; p++ {
			var c0, c1, c2, c3 float64
			off := p
			for j := range g0 {
				y := w[off]
				off += k
				c0 += g0[j] * y
				c1 += g1[j] * y
				c2 += g2[j] * y
				c3 += g3[j] * y
			}
			o0[p], o1[p], o2[p], o3[p] = c0, c1, c2, c3
		}
	}
	for ; i < n; i++ {
		gi := g[i*m:][:m]
		oi := out[i*k:][:k]
		clear(oi)
		for j, x := range gi {
			axpy(oi, x, w[j*k:][:k])
		}
	}
	if act != nil {
		reluGrad(out[:n*k], act[:n*k])
	}
}

// denseBackWeights accumulates dw += gᵀ·a and dbias += Σ_rows g, the gradients
// of a dense layer's weights and bias. g is n×m, a is n×k, dw is m×k.
func denseBackWeights(dw, dbias, g, a []float64, n, k, m int) {
	if len(g) < n*m || len(a) < n*k || len(dw) < m*k || len(dbias) < m {
		panic(badLength)
	}
	j := 0
	for ; j+4 <= m; j += 4 {
		d0 := dw[j*k:][:k]
		d1 := dw[(j+1)*k:][:k]
		d2 := dw[(j+2)*k:][:k]
		d3 := dw[(j+3)*k:][:k]
		p := 0
		for ; p+4 <= k; p += 4 {
			c00, c01, c02, c03 := d0[p], d0[p+1], d0[p+2], d0[p+3]
			c10, c11, c12, c13 := d1[p], d1[p+1], d1[p+2], d1[p+3]
			c20, c21, c22, c23 := d2[p], d2[p+1], d2[p+2], d2[p+3]
			c30, c31, c32, c33 := d3[p], d3[p+1], d3[p+2], d3[p+3]
			goff, aoff := j, p
			for range n {
				x := g[goff : goff+4 : goff+4]
				y := a[aoff : aoff+4 : aoff+4]
				goff += m
				aoff += k
				x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
				y0, y1, y2, y3 := y[0], y[1], y[2], y[3]
				c00 += x0 * y0
				c01 += x0 * y1
				c02 += x0 * y2
				c03 += x0 * y3
				c10 += x1 * y0
				c11 += x1 * y1
				c12 += x1 * y2
				c13 += x1 * y3
				c20 += x2 * y0
				c21 += x2 * y1
				c22 += x2 * y2
				c23 += x2 * y3
				c30 += x3 * y0
				c31 += x3 * y1
				c32 += x3 * y2
				c33 += x3 * y3
			}
			d0[p], d0[p+1], d0[p+2], d0[p+3] = c00, c01, c02, c03
			d1[p], d1[p+1], d1[p+2], d1[p+3] = c10, c11, c12, c13
			d2[p], d2[p+1], d2[p+2], d2[p+3] = c20, c21, c22, c23
			d3[p], d3[p+1], d3[p+2], d3[p+3] = c30, c31, c32, c33
		}
		for ; p < k; p++ {
			c0, c1, c2, c3 := d0[p], d1[p], d2[p], d3[p]
			goff, aoff := j, p
			for range n {
				x := g[goff : goff+4 : goff+4]
				y := a[aoff]
				goff += m
				aoff += k
				c0 += x[0] * y
				c1 += x[1] * y
				c2 += x[2] * y
				c3 += x[3] * y
			}
			d0[p], d1[p], d2[p], d3[p] = c0, c1, c2, c3
		}
	}
	for ; j < m; j++ {
		dj := dw[j*k:][:k]
		for i := range n {
			axpy(dj, g[i*m+j], a[i*k:][:k])
		}
	}
	for i := range n {
		addTo(dbias[:m], g[i*m:][:m])
	}
}

// dot returns Σ x[i]·y[i]; y must be at least as long as x.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy computes dst += alpha·x; x must be at least as long as dst.
func axpy(dst []float64, alpha float64, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] += alpha * v
	}
}

// addTo computes dst += x; x must be at least as long as dst.
func addTo(dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] += v
	}
}

// reluInPlace sets every negative value of x to zero.
func reluInPlace(x []float64) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}

// reluGrad zeroes g where the post-activation act is not positive.
func reluGrad(g, act []float64) {
	act = act[:len(g)]
	for i, v := range act {
		if v <= 0 {
			g[i] = 0
		}
	}
}
