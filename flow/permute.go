package flow

import (
	"fmt"
	"math/rand/v2"
)

// Permute reorders features: forward x_i = z_perm[i], inverse z_perm[i] = x_i.
// Its log-determinant is zero. The paper's permutation for 4 features is
// [3 0 1 2] (a cyclic shift), applied after every coupling layer.
type Permute struct {
	perm []int
}

// NewPermute returns a permutation layer. It panics if perm is not a
// permutation of 0…len(perm)−1.
func NewPermute(perm []int) *Permute {
	seen := make([]bool, len(perm))
	for _, p := range perm {
		if p < 0 || p >= len(perm) || seen[p] {
			panic(fmt.Sprintf("flow: %v is not a permutation", perm))
		}
		seen[p] = true
	}
	return &Permute{perm: append([]int(nil), perm...)}
}

// CyclicPerm returns the cyclic shift [d−1, 0, 1, …, d−2] (the paper's
// [3 0 1 2] for d = 4).
func CyclicPerm(d int) []int {
	p := make([]int, d)
	for i := range p {
		p[i] = (i + d - 1) % d
	}
	return p
}

// ReversePerm returns [d−1, …, 1, 0].
func ReversePerm(d int) []int {
	p := make([]int, d)
	for i := range p {
		p[i] = d - 1 - i
	}
	return p
}

// Dim implements Layer.
func (p *Permute) Dim() int { return len(p.perm) }

// Forward implements Layer.
func (p *Permute) Forward(x, logDet, z []float64, n int) {
	d := len(p.perm)
	for i := range n {
		xi, zi := x[i*d:(i+1)*d], z[i*d:(i+1)*d]
		for j, q := range p.perm {
			xi[j] = zi[q]
		}
	}
}

// Inverse implements Layer.
func (p *Permute) Inverse(z, logDet, x []float64, n int) {
	d := len(p.perm)
	for i := range n {
		xi, zi := x[i*d:(i+1)*d], z[i*d:(i+1)*d]
		for j, q := range p.perm {
			zi[q] = xi[j]
		}
	}
}

// Backward implements Layer: dx_j = dz_perm[j].
func (p *Permute) Backward(dx, dz []float64, w float64, n int) {
	if dx != nil {
		p.Forward(dx, nil, dz, n)
	}
}

// NumParams implements Layer; a permutation has none.
func (p *Permute) NumParams() int { return 0 }

// Bind implements Layer.
func (p *Permute) Bind(params, grads []float64) {}

// Init implements Layer.
func (p *Permute) Init(rng *rand.Rand) {}

// Info implements Layer.
func (p *Permute) Info() LayerInfo {
	return LayerInfo{Kind: "permute", Perm: append([]int(nil), p.perm...)}
}
