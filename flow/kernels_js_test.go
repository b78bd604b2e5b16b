package flow

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withAccel runs f with the accelerator a (nil: the Go kernels) and every
// product size accepted.
func withAccel(a accelerator, f func()) {
	saved, savedMin := accel, simdMinMACs
	accel, simdMinMACs = a, 0
	defer func() { accel, simdMinMACs = saved, savedMin }()
	f()
}

// TestSIMDAvailable checks that the SIMD module instantiates here on Go's
// memory (Node has WebAssembly SIMD, and the tests run under
// wasm/testexec/exec, which exposes the memory as the page does), so that
// the comparisons below test it.
func TestSIMDAvailable(t *testing.T) {
	s, ok := accel.(*simdAccel)
	if !ok || !s.ready() {
		t.Fatal("the WebAssembly SIMD accelerator is not available")
	}
}

// sameBits reports whether x and y have the same bits, or are both NaN: the
// sign and payload of a NaN are not specified by WebAssembly (nor by Go's
// compiler, which may swap the operands of an addition) and differ between
// V8's baseline and optimising compilers.
func sameBits(x, y float64) bool {
	return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
}

// TestSIMDKernels checks that the SIMD module's three products give exactly
// the bits of the Go kernels (a stronger check than agreement to 1e-6; any
// NaN matches any NaN), over sizes that exercise every block shape and edge,
// spans, NaN, infinities and signed zeros.
func TestSIMDKernels(t *testing.T) {
	simd := &simdAccel{}
	rng := rand.New(rand.NewPCG(9, 10))
	rnd := func(n int, special bool) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
			if special && rng.IntN(17) == 0 {
				v[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}[rng.IntN(5)]
			}
		}
		return v
	}
	type tc struct {
		n, k, m int
		fwd     []span // spans of the m×k weight; nil: dense
		bwd     []span // spans of its transpose
		special bool
	}
	cases := []tc{{1, 1, 1, nil, nil, false}, {2, 8, 8, nil, nil, false}, {3, 5, 7, nil, nil, false},
		{16, 100, 100, nil, nil, false}, {1000, 2, 100, nil, nil, false}, {999, 100, 4, nil, nil, false},
		{7, 19, 13, nil, nil, false}, {9, 10, 17, nil, nil, true}, {4, 3, 2, nil, nil, true},
		{11, 6, 9, []span{{0, 4, 0, 2}, {4, 8, 1, 6}, {8, 9, 0, 0}}, []span{{0, 4, 0, 9}, {4, 6, 4, 8}}, false}}
	net := newMLP([]int{4, 200, 200, 8}, madeMasks(4, []int{200, 200}, 2))
	for l := range net.fwd {
		cases = append(cases, tc{33, net.sizes[l], net.sizes[l+1], net.fwd[l], net.bwd[l], false})
	}
	for _, c := range cases {
		n, k, m := c.n, c.k, c.m
		fwd, bwd := c.fwd, c.bwd
		if fwd == nil {
			fwd, bwd = []span{{0, m, 0, k}}, []span{{0, k, 0, m}}
		}
		a, w, bias, g := rnd(n*k, c.special), rnd(m*k, c.special), rnd(m, c.special), rnd(n*m, c.special)
		act, dw0, db0 := rnd(n*k, c.special), rnd(m*k, false), rnd(m, false)
		var res [2][5][]float64
		for v, acc := range []accelerator{nil, simd} {
			out, in := make([]float64, n*m), make([]float64, n*k)
			dw, db := append([]float64(nil), dw0...), append([]float64(nil), db0...)
			withAccel(acc, func() {
				var ks kernelScratch
				ks.denseForward(out, a, w, bias, fwd, n, k, m, true)
				ks.denseBackInput(in, g, w, act, bwd, n, k, m)
				ks.denseBackWeights(dw, db, g, a, fwd, n, k, m)
			})
			res[v] = [5][]float64{out, in, dw, db}
		}
		for q, name := range []string{"denseForward", "denseBackInput", "denseBackWeights dw", "denseBackWeights db"} {
			for i, want := range res[0][q] {
				if got := res[1][q][i]; !sameBits(got, want) {
					t.Fatalf("n%d k%d m%d: %s[%d] = %v with SIMD, %v in Go", n, k, m, name, i, got, want)
				}
			}
		}
	}
	if simd.calls == 0 {
		t.Fatal("the SIMD accelerator took no product")
	}
}

// TestSIMDNetwork checks that whole networks on the SIMD accelerator (hidden
// layers kept in its memory from forward to backward) give exactly the bits
// of the Go kernels: outputs, input gradients and parameter gradients, for
// dense and MADE networks, with two networks interleaved (as the layers of a
// flow are: all forwards, then all backwards), and across a change of batch
// size.
func TestSIMDNetwork(t *testing.T) {
	type net struct {
		sizes []int
		masks [][]float64
	}
	nets := []net{
		{[]int{2, 20, 20, 4}, nil},
		{[]int{4, 30, 30, 8}, madeMasks(4, []int{30, 30}, 2)},
		{[]int{3, 9, 6}, nil},
	}
	for _, n := range []int{13, 6} {
		type result struct{ out, din, grads []float64 }
		var res [2][]result
		for v, acc := range []accelerator{nil, &simdAccel{}} {
			withAccel(acc, func() {
				var mlps []*mlp
				var grads, xs, gs [][]float64
				r := rand.New(rand.NewPCG(uint64(n), 1))
				rnd := func(n int) []float64 {
					v := make([]float64, n)
					for i := range v {
						v[i] = r.NormFloat64()
					}
					return v
				}
				for _, c := range nets {
					m := newMLP(c.sizes, c.masks)
					p, g := make([]float64, m.numParams()), make([]float64, m.numParams())
					for i := range p {
						p[i] = r.NormFloat64()
						g[i] = r.NormFloat64()
					}
					m.bind(p, g)
					mlps, grads = append(mlps, m), append(grads, g)
					xs = append(xs, rnd(n*c.sizes[0]))
					gs = append(gs, rnd(n*c.sizes[len(c.sizes)-1]))
				}
				outs := make([][]float64, len(mlps))
				for q, m := range mlps {
					outs[q] = append([]float64(nil), m.forward(xs[q], n)...)
				}
				for q, m := range mlps {
					var din []float64
					if q != 1 {
						din = make([]float64, n*nets[q].sizes[0])
					}
					m.backward(din, gs[q], n)
					res[v] = append(res[v], result{outs[q], din, grads[q]})
				}
				if acc != nil {
					for q, m := range mlps {
						if !m.onAccel {
							t.Fatalf("n %d: network %d did not run on the accelerator", n, q)
						}
					}
				}
			})
		}
		for q := range nets {
			for name, pair := range map[string][2][]float64{
				"output":              {res[0][q].out, res[1][q].out},
				"input gradient":      {res[0][q].din, res[1][q].din},
				"parameter gradients": {res[0][q].grads, res[1][q].grads},
			} {
				for i, want := range pair[0] {
					if got := pair[1][i]; !sameBits(got, want) {
						t.Fatalf("n %d network %d: %s[%d] = %v with SIMD, %v in Go", n, q, name, i, got, want)
					}
				}
			}
		}
	}
}
