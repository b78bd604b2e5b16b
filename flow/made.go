package flow

// madeMasks returns the 0/1 weight masks of a MADE network (Germain et al.
// 2015, §4) with dim inputs in their natural order, the given hidden widths,
// and outPer·dim outputs, output o belonging to feature o mod dim. Masks are
// out×in, one per dense layer. Degrees: input j has degree j+1; hidden unit k
// has degree (k mod max(1, dim−1)) + 1; an output of feature i has degree i+1.
// A hidden unit sees the inputs whose degree is ≤ its own (≥ rule), and an
// output sees the units whose degree is strictly below its own (> rule), so
// output i depends on inputs 0…i−1 only.
func madeMasks(dim int, hidden []int, outPer int) [][]float64 {
	deg := make([]int, dim)
	for j := range deg {
		deg[j] = j + 1
	}
	mod := max(1, dim-1)
	var masks [][]float64
	for _, h := range hidden {
		next := make([]int, h)
		m := make([]float64, h*len(deg))
		for k := range next {
			next[k] = k%mod + 1
			for j, dj := range deg {
				if next[k] >= dj {
					m[k*len(deg)+j] = 1
				}
			}
		}
		masks = append(masks, m)
		deg = next
	}
	out := outPer * dim
	m := make([]float64, out*len(deg))
	for o := range out {
		do := o%dim + 1
		for j, dj := range deg {
			if do > dj {
				m[o*len(deg)+j] = 1
			}
		}
	}
	return append(masks, m)
}
