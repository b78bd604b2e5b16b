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
			out := make([]float64, n*m)
			denseForward(out, a, w, bias, n, k, m, true)
			if d := floats.Distance(out, want.RawMatrix().Data, math.Inf(1)); d > tol {
				t.Errorf("denseForward: distance %g", d)
			}

			var wantIn mat.Dense
			wantIn.Mul(G, W)
			act := rnd(n * k)
			raw := wantIn.RawMatrix().Data
			for i := range raw {
				if act[i] <= 0 {
					raw[i] = 0
				}
			}
			in := make([]float64, n*k)
			new(kernelScratch).denseBackInput(in, g, w, act, n, k, m)
			if d := floats.Distance(in, raw, math.Inf(1)); d > tol {
				t.Errorf("denseBackInput: distance %g", d)
			}

			var wantW mat.Dense
			wantW.Mul(G.T(), A)
			dw0 := rnd(m * k)
			db := make([]float64, m)
			dw := append([]float64(nil), dw0...)
			new(kernelScratch).denseBackWeights(dw, db, g, a, n, k, m)
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
// makes results independent of the blocking (and so of the platform). One
// scratch is reused across all sizes, as an mlp does.
func TestKernelsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		return v
	}
	var ks kernelScratch
	for _, sz := range [][3]int{{1, 1, 1}, {2, 4, 4}, {7, 5, 9}, {6, 2, 100}, {9, 100, 4}, {11, 13, 6}, {3, 8, 3}} {
		n, k, m := sz[0], sz[1], sz[2]
		a, w, bias, g, act := rnd(n*k), rnd(m*k), rnd(m), rnd(n*m), rnd(n*k)
		dw0, db0 := rnd(m*k), rnd(m)

		out := make([]float64, n*m)
		denseForward(out, a, w, bias, n, k, m, true)
		in := make([]float64, n*k)
		ks.denseBackInput(in, g, w, act, n, k, m)
		dw, db := append([]float64(nil), dw0...), append([]float64(nil), db0...)
		ks.denseBackWeights(dw, db, g, a, n, k, m)

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
