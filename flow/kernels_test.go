package flow

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// TestKernels checks the three dense-layer products against gonum's
// mat.Dense.Mul, over sizes that exercise the register blocks and every edge.
func TestKernels(t *testing.T) {
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(1, 2))
	rnd := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	for _, sz := range [][3]int{{1, 1, 1}, {4, 4, 4}, {5, 3, 7}, {8, 2, 4}, {13, 9, 6}, {16, 100, 100}, {3, 1, 9}} {
		n, k, m := sz[0], sz[1], sz[2]
		t.Run(fmt.Sprintf("n%d_k%d_m%d", n, k, m), func(t *testing.T) {
			a, w, bias, g := rnd(n*k), rnd(m*k), rnd(m), rnd(n*m)
			A, W, G := mat.NewDense(n, k, a), mat.NewDense(m, k, w), mat.NewDense(n, m, g)

			var want mat.Dense
			want.Mul(A, W.T())
			for i := range n {
				for j := range m {
					want.Set(i, j, math.Max(0, want.At(i, j)+bias[j]))
				}
			}
			act := rnd(n * k)
			out, in := make([]float64, n*m), make([]float64, n*k)
			dw0 := rnd(m * k)
			db := make([]float64, m)
			dw := append([]float64(nil), dw0...)
			runKernels(out, in, dw, db, a, w, bias, g, act, n, k, m)
			if d := floats.Distance(out, want.RawMatrix().Data, math.Inf(1)); d > tol {
				t.Errorf("denseForward: distance %g", d)
			}

			var wantIn mat.Dense
			wantIn.Mul(G, W)
			raw := wantIn.RawMatrix().Data
			for i := range raw {
				if act[i] <= 0 {
					raw[i] = 0
				}
			}
			if d := floats.Distance(in, raw, math.Inf(1)); d > tol {
				t.Errorf("denseBackInput: distance %g", d)
			}

			var wantW mat.Dense
			wantW.Mul(G.T(), A)
			floats.Add(wantW.RawMatrix().Data, dw0)
			if d := floats.Distance(dw, wantW.RawMatrix().Data, math.Inf(1)); d > tol {
				t.Errorf("denseBackWeights: weight distance %g", d)
			}
			for j := range m {
				s := 0.0
				for i := range n {
					s += g[i*m+j]
				}
				if math.Abs(s-db[j]) > tol {
					t.Errorf("denseBackWeights: bias %d = %g, want %g", j, db[j], s)
				}
			}
		})
	}
}

// TestKernelsExact checks that every output of the three kernels has exactly
// the bits of a plain loop that starts from the output's initial value and adds
// the products in increasing order of the summed index: the property that
// makes results independent of the blocking (and so of the platform).
func TestKernelsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	for _, sz := range [][3]int{{1, 1, 1}, {2, 4, 4}, {7, 5, 9}, {6, 2, 100}, {9, 100, 4}, {11, 13, 6}, {3, 8, 3}} {
		n, k, m := sz[0], sz[1], sz[2]
		a, w, bias, g, act := rnd(n*k), rnd(m*k), rnd(m), rnd(n*m), rnd(n*k)
		dw0, db0 := rnd(m*k), rnd(m)

		out, in := make([]float64, n*m), make([]float64, n*k)
		dw, db := append([]float64(nil), dw0...), append([]float64(nil), db0...)
		runKernels(out, in, dw, db, a, w, bias, g, act, n, k, m)

		for i := range n {
			for j := range m {
				s := bias[j]
				for p := range k {
					s += a[i*k+p] * w[j*k+p]
				}
				if s < 0 {
					s = 0
				}
				if out[i*m+j] != s {
					t.Fatalf("%v: denseForward[%d,%d] = %v, want %v", sz, i, j, out[i*m+j], s)
				}
			}
			for p := range k {
				s := 0.0
				for j := range m {
					s += g[i*m+j] * w[j*k+p]
				}
				if act[i*k+p] <= 0 {
					s = 0
				}
				if in[i*k+p] != s {
					t.Fatalf("%v: denseBackInput[%d,%d] = %v, want %v", sz, i, p, in[i*k+p], s)
				}
			}
		}
		for j := range m {
			for p := range k {
				s := dw0[j*k+p]
				for i := range n {
					s += g[i*m+j] * a[i*k+p]
				}
				if dw[j*k+p] != s {
					t.Fatalf("%v: denseBackWeights dw[%d,%d] = %v, want %v", sz, j, p, dw[j*k+p], s)
				}
			}
			s := db0[j]
			for i := range n {
				s += g[i*m+j]
			}
			if db[j] != s {
				t.Fatalf("%v: denseBackWeights db[%d] = %v, want %v", sz, j, db[j], s)
			}
		}
	}
}

// runKernels runs the three products as an unmasked mlp layer does: out is
// the ReLU forward output, in the input gradient through act, and the weight
// and bias gradients are added to dw and db.
func runKernels(out, in, dw, db, a, w, bias, g, act []float64, n, k, m int) {
	var ks kernelScratch
	ks.denseForward(out, a, w, bias, []span{{0, m, 0, k}}, n, k, m, true)
	ks.denseBackInput(in, g, w, act, []span{{0, k, 0, m}}, n, k, m)
	ks.denseBackWeights(dw, db, g, a, []span{{0, m, 0, k}}, n, k, m)
}

// TestKernelSpans checks that restricting the products to spans gives
// exactly the dense result when the weights are zero outside the spans, and
// that denseBackWeights leaves the gradient outside its spans untouched.
func TestKernelSpans(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rnd := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	// Spans of an m×k weight: rows [r0, r1) use columns [lo, hi).
	for _, c := range []struct {
		n, k, m int
		ws      []span
	}{
		{5, 6, 9, []span{{0, 4, 0, 2}, {4, 8, 1, 6}, {8, 9, 0, 0}}},
		{8, 13, 7, []span{{0, 3, 5, 13}, {3, 7, 0, 13}}},
		{3, 4, 4, []span{{0, 4, 2, 3}}},
	} {
		n, k, m := c.n, c.k, c.m
		w := rnd(m * k)
		for r := range m {
			for p := range k {
				in := false
				for _, s := range c.ws {
					in = in || (r >= s.r0 && r < s.r1 && p >= s.lo && p < s.hi)
				}
				if !in {
					w[r*k+p] = 0
				}
			}
		}
		a, bias, g, act, dw0 := rnd(n*k), rnd(m), rnd(n*m), rnd(n*k), rnd(m*k)
		full := [][]span{{{0, m, 0, k}}, {{0, k, 0, m}}}
		spans := [][]span{c.ws, spansOf(transposed(w, m, k), k, m)}
		var res [2][3][]float64
		for v, ws := range [][][]span{full, spans} {
			out, in := make([]float64, n*m), make([]float64, n*k)
			dw, db := append([]float64(nil), dw0...), make([]float64, m)
			var ks kernelScratch
			ks.denseForward(out, a, w, bias, ws[0], n, k, m, true)
			ks.denseBackInput(in, g, w, act, ws[1], n, k, m)
			ks.denseBackWeights(dw, db, g, a, ws[0], n, k, m)
			res[v] = [3][]float64{out, in, dw}
		}
		for q, name := range []string{"denseForward", "denseBackInput"} {
			for i := range res[0][q] {
				if res[0][q][i] != res[1][q][i] {
					t.Fatalf("%v: %s[%d] = %v with spans, %v dense", c.ws, name, i, res[1][q][i], res[0][q][i])
				}
			}
		}
		for r := range m {
			for p := range k {
				want := dw0[r*k+p]
				for _, s := range c.ws {
					if r >= s.r0 && r < s.r1 && p >= s.lo && p < s.hi {
						want = res[0][2][r*k+p]
					}
				}
				if got := res[1][2][r*k+p]; got != want {
					t.Fatalf("%v: denseBackWeights dw[%d,%d] = %v, want %v", c.ws, r, p, got, want)
				}
			}
		}
	}
}

// transposed returns the c×r transpose of the r×c matrix x.
func transposed(x []float64, r, c int) []float64 {
	t := make([]float64, r*c)
	transpose(t, x, nil, r, c)
	return t
}

// TestMaskedMLP checks a masked network, which reorders its hidden units and
// skips masked blocks, against a plain loop implementation of the masked
// network in natural order: outputs, input gradients and parameter gradients
// agree to 1e-12, and the masked weights take no part even when they are not
// zero.
func TestMaskedMLP(t *testing.T) {
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		dim    int
		hidden []int
		n      int
	}{{4, []int{9, 11}, 7}, {3, []int{6}, 4}, {5, []int{13, 4, 10}, 9}, {1, []int{5}, 3}, {4, []int{200, 200}, 5}} {
		sizes := append(append([]int{c.dim}, c.hidden...), 2*c.dim)
		masks := madeMasks(c.dim, c.hidden, 2)
		net := newMLP(sizes, masks)
		params, grads := make([]float64, net.numParams()), make([]float64, net.numParams())
		net.bind(params, grads)
		natural := make([]float64, len(params))
		for i := range natural {
			natural[i] = rng.NormFloat64() // masked weights too: loading must zero them
		}
		net.load(net.w, net.b, natural)
		grads0 := make([]float64, len(grads))
		for i := range grads0 {
			grads0[i] = rng.NormFloat64()
		}
		net.load(net.dw, net.db, grads0) // gradients accumulate; masked ones start (and stay) at zero
		// natW[l] and natB[l] are the weights in natural order.
		natW, natB := make([][]float64, len(sizes)-1), make([][]float64, len(sizes)-1)
		off := 0
		for l := range natW {
			k, o := sizes[l], sizes[l+1]
			natW[l], natB[l] = natural[off:off+o*k], natural[off+o*k:off+o*k+o]
			off += o*k + o
		}
		x := make([]float64, c.n*c.dim)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		gOut := make([]float64, c.n*2*c.dim)
		for i := range gOut {
			gOut[i] = rng.NormFloat64()
		}
		out := append([]float64(nil), net.forward(x, c.n)...)
		din := make([]float64, len(x))
		net.backward(din, gOut, c.n)

		// Reference: the same network with plain loops, masked weights zeroed.
		L := len(sizes) - 1
		hs := [][]float64{x}
		for l := range L {
			k, o := sizes[l], sizes[l+1]
			h := make([]float64, c.n*o)
			for i := range c.n {
				for j := range o {
					s := natB[l][j]
					for p := range k {
						s += hs[l][i*k+p] * natW[l][j*k+p] * masks[l][j*k+p]
					}
					if l < L-1 {
						s = math.Max(0, s)
					}
					h[i*o+j] = s
				}
			}
			hs = append(hs, h)
		}
		if d := floats.Distance(out, hs[L], math.Inf(1)); d > tol {
			t.Errorf("%v: forward distance %g", c, d)
		}
		gotGrads := make([]float64, len(grads))
		net.export(gotGrads, net.dw, net.db)
		wantDW := make([][]float64, L)
		wantDB := make([][]float64, L)
		g := gOut
		for l := L - 1; l >= 0; l-- {
			k, o := sizes[l], sizes[l+1]
			off := 0
			for q := range l {
				off += sizes[q+1]*sizes[q] + sizes[q+1]
			}
			wantDW[l] = make([]float64, o*k)
			wantDB[l] = make([]float64, o)
			gin := make([]float64, c.n*k)
			for j := range o {
				wantDB[l][j] = grads0[off+o*k+j]
				for i := range c.n {
					wantDB[l][j] += g[i*o+j]
				}
				for p := range k {
					s := grads0[off+j*k+p] * masks[l][j*k+p]
					for i := range c.n {
						s += g[i*o+j] * hs[l][i*k+p]
					}
					wantDW[l][j*k+p] = s * masks[l][j*k+p]
				}
			}
			for i := range c.n {
				for p := range k {
					s := 0.0
					for j := range o {
						s += g[i*o+j] * natW[l][j*k+p] * masks[l][j*k+p]
					}
					if l > 0 && hs[l][i*k+p] <= 0 {
						s = 0
					}
					gin[i*k+p] = s
				}
			}
			g = gin
			if d := floats.Distance(gotGrads[off:off+o*k], wantDW[l], math.Inf(1)); d > tol {
				t.Errorf("%v: layer %d weight gradient distance %g", c, l, d)
			}
			if d := floats.Distance(gotGrads[off+o*k:off+o*k+o], wantDB[l], math.Inf(1)); d > tol {
				t.Errorf("%v: layer %d bias gradient distance %g", c, l, d)
			}
		}
		if d := floats.Distance(din, g, math.Inf(1)); d > tol {
			t.Errorf("%v: input gradient distance %g", c, d)
		}
	}
}

// TestMADEMasks checks the degree rule: the product of the masks (which
// inputs can reach which outputs) is strictly lower triangular per feature.
func TestMADEMasks(t *testing.T) {
	for _, c := range []struct {
		dim    int
		hidden []int
	}{{1, []int{3}}, {2, []int{4, 4}}, {4, []int{200, 200}}, {5, nil}, {6, []int{7, 3, 9}}} {
		masks := madeMasks(c.dim, c.hidden, 2)
		// reach[o][j]: output o is connected to input j through some path.
		reach := mat.NewDense(len(masks[0])/c.dim, c.dim, masks[0])
		for _, mk := range masks[1:] {
			rows := len(mk) / reach.RawMatrix().Rows
			var next mat.Dense
			next.Mul(mat.NewDense(rows, reach.RawMatrix().Rows, mk), reach)
			reach = &next
		}
		r, cc := reach.Dims()
		if r != 2*c.dim || cc != c.dim {
			t.Fatalf("dim %d: reach is %d×%d", c.dim, r, cc)
		}
		for o := range r {
			i := o % c.dim
			for j := range c.dim {
				connected := reach.At(o, j) > 0
				if j >= i && connected {
					t.Errorf("dim %d hidden %v: output %d (feature %d) reaches input %d", c.dim, c.hidden, o, i, j)
				}
				if j < i && !connected && wide(c.hidden, c.dim-1) {
					t.Errorf("dim %d hidden %v: output %d (feature %d) cannot see input %d", c.dim, c.hidden, o, i, j)
				}
			}
		}
	}
}

// wide reports whether every hidden layer has at least w units, so that MADE
// keeps every allowed connection.
func wide(hidden []int, w int) bool {
	for _, h := range hidden {
		if h < w {
			return false
		}
	}
	return true
}
