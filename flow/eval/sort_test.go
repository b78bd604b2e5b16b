package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortFloats compares SortFloats with slices.Sort on short and long
// slices of assorted values: negative and positive, zeros of both signs,
// infinities, subnormals, duplicates, already sorted and reversed input, and
// a slice holding NaN.
func TestSortFloats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gen := map[string]func(i int) float64{
		"normal":     func(int) float64 { return rng.NormFloat64() },
		"wide":       func(int) float64 { return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20)) },
		"few values": func(int) float64 { return float64(rng.IntN(5) - 2) },
		"float32s":   func(int) float64 { return float64(float32(rng.NormFloat64() + 1)) },
		"sorted":     func(i int) float64 { return float64(i) - 500 },
		"reversed":   func(i int) float64 { return 500 - float64(i) },
		"specials": func(int) float64 {
			return []float64{math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 5e-324, -5e-324, math.MaxFloat64, -1}[rng.IntN(8)]
		},
		"with NaN": func(i int) float64 {
			if i == 700 {
				return math.NaN()
			}
			return rng.NormFloat64()
		},
	}
	for name, g := range gen {
		for _, n := range []int{0, 1, 7, radixMin - 1, radixMin, 5000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = g(i)
			}
			want := slices.Clone(x)
			slices.Sort(want)
			SortFloats(x)
			for i := range x {
				same := x[i] == want[i] || math.IsNaN(x[i]) && math.IsNaN(want[i])
				if !same || i > 0 && x[i] < x[i-1] {
					t.Fatalf("%s, n=%d: element %d is %v, slices.Sort gives %v", name, n, i, x[i], want[i])
				}
			}
		}
	}
}

// TestOrderedBits checks that the key map keeps the order and inverts.
func TestOrderedBits(t *testing.T) {
	vals := []float64{math.Inf(-1), -math.MaxFloat64, -1, -5e-324, math.Copysign(0, -1), 0, 5e-324, 1, math.MaxFloat64, math.Inf(1)}
	for i, v := range vals {
		if back := fromOrderedBits(orderedBits(v)); math.Float64bits(back) != math.Float64bits(v) {
			t.Errorf("%v comes back as %v", v, back)
		}
		if i > 0 && orderedBits(vals[i-1]) >= orderedBits(v) {
			t.Errorf("key of %v is not below the key of %v", vals[i-1], v)
		}
	}
}

// BenchmarkSortFloats compares SortFloats with slices.Sort on a column of
// the RR Lyrae table's size.
func BenchmarkSortFloats(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	src := make([]float64, 92658)
	for i := range src {
		src[i] = float64(float32(rng.NormFloat64()*0.3 + 1))
	}
	x := make([]float64, len(src))
	for _, s := range []struct {
		name string
		sort func([]float64)
	}{{"radix", SortFloats}, {"slices.Sort", slices.Sort[[]float64]}} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				copy(x, src)
				s.sort(x)
			}
		})
	}
}
