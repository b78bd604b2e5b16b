package flow

import (
	"math"
	"math/rand/v2"
	"testing"
)

// countingVec counts the calls its vector ops take.
type countingVec struct {
	vectorOps
	adds, adams int
}

func (c *countingVec) add(dst, x []float64) bool {
	ok := c.vectorOps.add(dst, x)
	if ok {
		c.adds++
	}
	return ok
}

func (c *countingVec) adam(a *Adam, runs []int32, p, g []float64, lrt float64) bool {
	ok := c.vectorOps.adam(a, runs, p, g, lrt)
	if ok {
		c.adams++
	}
	return ok
}

// withVec runs f with the vector ops v (nil: the Go loops) taking every
// length.
func withVec(v vectorOps, f func()) {
	saved, savedMin := vec, vecMinLen
	vec, vecMinLen = v, 1
	defer func() { vec, vecMinLen = saved, savedMin }()
	f()
}

// TestVecAvailable checks that the vector module runs here on Go's memory
// (the tests run under wasm/testexec/exec, which exposes it as the page's
// workers do), so that the comparisons below test it.
func TestVecAvailable(t *testing.T) {
	v, ok := vec.(*vecAccel)
	if !ok || !v.ready() {
		t.Fatal("the vector module is not available: run the wasm tests with -exec=wasm/testexec/exec")
	}
}

// TestVecAddTo requires AddTo, through the vector module and through the Go
// loop, to give the bits of dst[i] + x[i], for every length up to 9 and a
// long one, with special values.
func TestVecAddTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 4, 5, 8, 9, 10001} {
		dst, x := specials(rng, n), specials(rng, n+1)
		counted := &countingVec{vectorOps: vec}
		for _, v := range []vectorOps{nil, counted} {
			got := append([]float64(nil), dst...)
			withVec(v, func() { AddTo(got, x) })
			for i := range got {
				if want := dst[i] + x[i]; !sameBits(got[i], want) {
					t.Fatalf("n %d, vector ops %T: element %d is %v, want %v", n, v, i, got[i], want)
				}
			}
		}
		if counted.adds != 1 {
			t.Fatalf("n %d: AddTo called the vector module %d times, want 1", n, counted.adds)
		}
	}
}

// TestVecAdam requires Adam steps through the vector module to give the
// bits of the Go loop, for a whole vector and for masked ranges of every
// parity, over several steps.
func TestVecAdam(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		n    int
		mask bool
	}{{1, false}, {2, false}, {7, false}, {1000, false}, {1001, true}, {64, true}} {
		var mask []float64
		if c.mask {
			mask = make([]float64, c.n)
			for i := range mask {
				if rng.IntN(3) > 0 {
					mask[i] = 1
				}
			}
		}
		run := func(v vectorOps) ([]float64, *Adam) {
			a := NewAdam(c.n, 0.9, 0.999, 1e-7)
			if mask != nil {
				a.SkipMasked(mask)
			}
			p := specials(rand.New(rand.NewPCG(1, uint64(c.n))), c.n)
			withVec(v, func() {
				for k := range 3 {
					g := specials(rand.New(rand.NewPCG(2, uint64(k))), c.n)
					for i := range g {
						if mask != nil && mask[i] == 0 {
							g[i] = 0
						}
					}
					a.Step(p, g, 1e-2)
				}
			})
			return p, a
		}
		wantP, wantA := run(nil)
		counted := &countingVec{vectorOps: vec}
		gotP, gotA := run(counted)
		if counted.adams != 3 {
			t.Fatalf("n %d: 3 Adam steps called the vector module %d times", c.n, counted.adams)
		}
		for i := range wantP {
			if !sameBits(gotP[i], wantP[i]) || !sameBits(gotA.M[i], wantA.M[i]) || !sameBits(gotA.V[i], wantA.V[i]) {
				t.Fatalf("n %d mask %v: parameter %d: θ %v m %v v %v, the Go loop gives θ %v m %v v %v",
					c.n, c.mask, i, gotP[i], gotA.M[i], gotA.V[i], wantP[i], wantA.M[i], wantA.V[i])
			}
		}
	}
}

// specials returns n normal values with an occasional NaN, infinity or
// signed zero.
func specials(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
		if rng.IntN(23) == 0 {
			v[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}[rng.IntN(5)]
		}
	}
	return v
}
