package eval

import (
	"math"
	"slices"
)

// radixMin is the length from which SortFloats uses the radix sort: below
// it the comparison sort is as fast.
const radixMin = 1024

// SortFloats sorts x in ascending order. The result is the order of
// slices.Sort for every value but NaN (−0 sorts before +0, which
// slices.Sort treats as equal); a slice holding a NaN is sorted by
// slices.Sort itself. Long slices are sorted by an LSD radix sort on the
// values' bits, linear in len(x): the page sorts each column of a 93,000-row
// table for its statistics, where it is several times faster than
// slices.Sort (BenchmarkSortFloats), most of all in WebAssembly.
func SortFloats(x []float64) {
	if len(x) < radixMin {
		slices.Sort(x)
		return
	}
	keys := make([]uint64, len(x))
	for i, v := range x {
		if v != v {
			slices.Sort(x)
			return
		}
		keys[i] = orderedBits(v)
	}
	// One histogram of each byte of the keys, then a stable counting pass per
	// byte, skipping the bytes all keys share.
	var counts [8][256]int
	for _, k := range keys {
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	tmp := make([]uint64, len(x))
	for b := range 8 {
		c := &counts[b]
		if c[byte(keys[0]>>(8*b))] == len(keys) {
			continue
		}
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		for _, k := range keys {
			d := byte(k >> (8 * b))
			tmp[c[d]] = k
			c[d]++
		}
		keys, tmp = tmp, keys
	}
	for i, k := range keys {
		x[i] = fromOrderedBits(k)
	}
}

// orderedBits maps a float64 to a uint64 whose unsigned order is the
// numbers' order: positive values get their sign bit set, negative ones all
// their bits flipped.
func orderedBits(v float64) uint64 {
	u := math.Float64bits(v)
	if u>>63 != 0 {
		return ^u
	}
	return u | 1<<63
}

// fromOrderedBits inverts orderedBits.
func fromOrderedBits(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
