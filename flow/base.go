package flow

import (
	"fmt"
	"math"
	"math/rand/v2"

	"flowlab/flow/eval"
)

// GMMBase is a Gaussian-mixture base distribution (Config.Base = BaseGMM):
//
//	p(z) = Σ_j π_j N(z; μ_j, L_j L_jᵀ),  π = softmax(a),
//
// with L_j lower triangular. Its parameters sit at the end of Flow.Params,
// component by component: a_j, μ_j (Dim values), then the rows of L_j's
// lower triangle (row r holds L_r0 … L_rr) with every diagonal entry stored
// as its logarithm. All zeros is the standard normal (a one-component
// mixture repeated). FitBase sets them by EM (flow/eval.FitGMM) on the
// training rows mapped to the base; they are then frozen (Adam skips them)
// or, with Config.TrainBase, trained with the layers.
type GMMBase struct {
	dim, k int
	train  bool
	params []float64 // bound, k·(1 + dim + dim(dim+1)/2)
	grads  []float64

	// Derived by prepare from params.
	logc []float64 // ln π_j − Σ_r ln L_j,rr − (dim/2) ln 2π
	pi   []float64 // π_j
	l    []float64 // k×dim×dim lower factors, row-major, diagonal exponentiated
	// Row scratch.
	u, r []float64 // k×dim whitened residuals L⁻¹(z − μ), k responsibilities
	v    []float64 // dim
}

// newGMMBase returns an unbound base of k components in dim dimensions.
func newGMMBase(dim, k int, train bool) *GMMBase {
	return &GMMBase{dim: dim, k: k, train: train, logc: make([]float64, k), pi: make([]float64, k),
		l: make([]float64, k*dim*dim), u: make([]float64, k*dim), r: make([]float64, k), v: make([]float64, dim)}
}

// block is the number of parameters of one component.
func (b *GMMBase) block() int { return gmmBlock(b.dim) }

// gmmBlock is the number of parameters of one mixture component in dim
// features: a weight logit, a mean and a lower-triangular Cholesky factor.
func gmmBlock(dim int) int { return 1 + dim + dim*(dim+1)/2 }

// NumParams is the number of parameters the base adds to the flow.
func (b *GMMBase) NumParams() int { return b.k * b.block() }

// Components is the number of mixture components.
func (b *GMMBase) Components() int { return b.k }

// prepare derives the weights and factors from the bound parameters.
func (b *GMMBase) prepare() {
	d, bl := b.dim, b.block()
	amax := math.Inf(-1)
	for j := range b.k {
		amax = max(amax, b.params[j*bl])
	}
	sum := 0.0
	for j := range b.k {
		b.pi[j] = math.Exp(b.params[j*bl] - amax)
		sum += b.pi[j]
	}
	for j := range b.k {
		b.pi[j] /= sum
		p := b.params[j*bl+1+d : (j+1)*bl]
		l := b.l[j*d*d : (j+1)*d*d]
		logc, idx := math.Log(b.pi[j])-float64(d)*ln2π2, 0
		for r := range d {
			for c := 0; c <= r; c++ {
				v := p[idx]
				idx++
				if c == r {
					logc -= v
					v = math.Exp(v)
				}
				l[r*d+c] = v
			}
		}
		b.logc[j] = logc
	}
}

// logProbRow returns ln p(z) for one row, leaving the responsibilities in
// b.r and the whitened residuals in b.u. prepare must have run.
func (b *GMMBase) logProbRow(z []float64) float64 {
	d, bl := b.dim, b.block()
	m := math.Inf(-1)
	for j := range b.k {
		mu := b.params[j*bl+1 : j*bl+1+d]
		l := b.l[j*d*d : (j+1)*d*d]
		u := b.u[j*d : (j+1)*d]
		q := 0.0
		for r := range d { // forward substitution L u = z − μ
			s := z[r] - mu[r]
			for c := range r {
				s -= l[r*d+c] * u[c]
			}
			s /= l[r*d+r]
			u[r] = s
			q += s * s
		}
		b.r[j] = b.logc[j] - 0.5*q
		m = max(m, b.r[j])
	}
	s := 0.0
	for j := range b.k {
		b.r[j] = math.Exp(b.r[j] - m)
		s += b.r[j]
	}
	for j := range b.k {
		b.r[j] /= s
	}
	return m + math.Log(s)
}

// backwardRow adds scale·∂(−ln p)/∂z to dz and, when the base is trained,
// scale·∂(−ln p)/∂θ to the gradients, for the row logProbRow saw last. With
// responsibilities r_j, u_j = L_j⁻¹(z − μ_j) and v_j = L_j⁻ᵀ u_j:
// ∂(−ln p)/∂z = Σ_j r_j v_j, ∂/∂μ_j = −r_j v_j, ∂/∂a_j = −(r_j − π_j), and on
// the lower triangle ∂/∂L_j,rc = −r_j v_r u_c, which for a diagonal entry
// stored as ℓ = ln L_rr becomes r_j (1 − v_r u_r L_rr) (the 1 from −ln|L_j|).
func (b *GMMBase) backwardRow(dz []float64, scale float64) {
	d, bl := b.dim, b.block()
	for j := range b.k {
		l := b.l[j*d*d : (j+1)*d*d]
		u := b.u[j*d : (j+1)*d]
		v := b.v
		for r := d - 1; r >= 0; r-- { // back substitution Lᵀ v = u
			s := u[r]
			for c := r + 1; c < d; c++ {
				s -= l[c*d+r] * v[c]
			}
			v[r] = s / l[r*d+r]
		}
		w := b.r[j] * scale
		for a := range d {
			dz[a] += w * v[a]
		}
		if !b.train {
			continue
		}
		g := b.grads[j*bl : (j+1)*bl]
		g[0] -= (b.r[j] - b.pi[j]) * scale
		for a := range d {
			g[1+a] -= w * v[a]
		}
		idx := 1 + d
		for r := range d {
			for c := 0; c <= r; c++ {
				gl := -w * v[r] * u[c] // ∂(−ln N_j)/∂L_rc = −(v uᵀ)_rc
				if c == r {
					gl = gl*l[r*d+r] + w // chain rule through L_rr = e^ℓ, and −ln|L| adds +1 per diagonal
				}
				g[idx] += gl
				idx++
			}
		}
	}
}

// sample draws n rows from the mixture into dst.
func (b *GMMBase) sample(dst []float64, n int, rng *rand.Rand) {
	b.prepare()
	d, bl := b.dim, b.block()
	for i := range n {
		u, j := rng.Float64(), 0
		for ; j < b.k-1 && u >= b.pi[j]; j++ {
			u -= b.pi[j]
		}
		mu := b.params[j*bl+1 : j*bl+1+d]
		l := b.l[j*d*d : (j+1)*d*d]
		for a := range d {
			b.v[a] = rng.NormFloat64()
		}
		row := dst[i*d : (i+1)*d]
		for r := range d {
			s := mu[r]
			for c := 0; c <= r; c++ {
				s += l[r*d+c] * b.v[c]
			}
			row[r] = s
		}
	}
}

// set stores a fitted mixture in the bound parameters.
func (b *GMMBase) set(g *eval.GMM) error {
	d, bl := b.dim, b.block()
	if len(g.Weights) != b.k || g.Dim() != d {
		return fmt.Errorf("flow: GMM base has %d components of %d features, the fit %d of %d", b.k, d, len(g.Weights), g.Dim())
	}
	for j := range b.k {
		p := b.params[j*bl : (j+1)*bl]
		p[0] = math.Log(max(g.Weights[j], 1e-300))
		copy(p[1:1+d], g.Means[j])
		// Cholesky factor of the covariance, row by row.
		cv, l := g.Covs[j], make([]float64, d*d)
		idx := 1 + d
		for r := range d {
			for c := 0; c <= r; c++ {
				s := cv[r*d+c]
				for q := range c {
					s -= l[r*d+q] * l[c*d+q]
				}
				if r == c {
					if !(s > 0) {
						return fmt.Errorf("flow: GMM base component %d: covariance is not positive definite", j)
					}
					l[r*d+r] = math.Sqrt(s)
					p[idx] = math.Log(l[r*d+r])
				} else {
					l[r*d+c] = s / l[c*d+c]
					p[idx] = l[r*d+c]
				}
				idx++
			}
		}
	}
	return nil
}

// spreadComponents returns g with k ≥ len(g.Weights) components: slot i
// holds fitted component i mod len(g.Weights), each copy with an equal share
// of its weight, so the mixture's density is unchanged.
func spreadComponents(g *eval.GMM, k int) *eval.GMM {
	m := len(g.Weights)
	if m >= k {
		return g
	}
	out := &eval.GMM{LogLik: g.LogLik, Converged: g.Converged}
	for i := range k {
		j := i % m
		copies := (k - j + m - 1) / m // slots j, j+m, j+2m, … below k
		out.Weights = append(out.Weights, g.Weights[j]/float64(copies))
		out.Means = append(out.Means, g.Means[j])
		out.Covs = append(out.Covs, g.Covs[j])
	}
	return out
}

// Mixture returns the base as an eval.GMM (weights, means, covariances), for
// people and for tests.
func (b *GMMBase) Mixture() *eval.GMM {
	b.prepare()
	d, bl := b.dim, b.block()
	g := &eval.GMM{}
	for j := range b.k {
		g.Weights = append(g.Weights, b.pi[j])
		g.Means = append(g.Means, append([]float64(nil), b.params[j*bl+1:j*bl+1+d]...))
		l, cv := b.l[j*d*d:(j+1)*d*d], make([]float64, d*d)
		for r := range d {
			for c := range d {
				s := 0.0
				for q := 0; q <= min(r, c); q++ {
					s += l[r*d+q] * l[c*d+q]
				}
				cv[r*d+c] = s
			}
		}
		g.Covs = append(g.Covs, cv)
	}
	return g
}
