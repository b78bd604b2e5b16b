package eval

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// GMMSettings controls [FitGMM]. The zero value gives the defaults.
type GMMSettings struct {
	// MaxIter is the largest number of EM iterations; 0 means 200.
	MaxIter int
	// Tol stops EM when the mean per-row log-likelihood changes by at most
	// Tol·max(1, |previous|) between iterations (a relative change, floored so
	// a mean log-likelihood near 0 cannot stall it); 0 means 1e-6.
	Tol float64
	// Reg is added to the diagonal of every covariance after each M-step
	// (scikit-learn's reg_covar), keeping them positive definite when a
	// component collapses onto few or duplicate rows; 0 means 1e-6.
	Reg float64
}

// withDefaults fills zero fields and panics on negative ones.
func (s GMMSettings) withDefaults() GMMSettings {
	if s.MaxIter < 0 || s.Tol < 0 || s.Reg < 0 {
		panic("eval: negative GMMSettings field")
	}
	if s.MaxIter == 0 {
		s.MaxIter = 200
	}
	if s.Tol == 0 {
		s.Tol = 1e-6
	}
	if s.Reg == 0 {
		s.Reg = 1e-6
	}
	return s
}

// GMM is a Gaussian mixture with full covariances,
//
//	p(x) = Σ_j Weights[j] · N(x; Means[j], Covs[j]).
//
// With k components in dim dimensions, Weights has length k and sums to 1,
// Means[j] has length dim, and Covs[j] is the dim×dim covariance in row-major
// order. The fields are plain slices so a GMM encodes to JSON; LogProb works
// on a decoded GMM directly.
type GMM struct {
	Weights []float64
	Means   [][]float64
	Covs    [][]float64
	// LogLik is the fit history: the mean per-row log-likelihood of the
	// training rows before each M-step of [FitGMM]; the last entry belongs to
	// the returned parameters. It is empty for a GMM not made by FitGMM.
	LogLik []float64
	// Converged reports whether FitGMM stopped on Tol rather than MaxIter.
	Converged bool
}

// Dim returns the dimension of the mixture, len(Means[0]), or 0 if it has
// no components.
func (g *GMM) Dim() int {
	if len(g.Means) == 0 {
		return 0
	}
	return len(g.Means[0])
}

// Validate reports whether the fields have consistent shapes, finite
// non-negative weights and positive-definite covariances.
func (g *GMM) Validate() error {
	_, err := g.compile(nil)
	return err
}

// compiled holds a GMM's parameters flattened for the E-step.
type compiled struct {
	dim, k int
	mean   []float64 // k×dim
	// chol holds the lower Cholesky factors L of the covariances (Σ = L·Lᵀ),
	// k×dim×dim row-major, with 1/L_aa stored in place of each diagonal L_aa.
	chol []float64
	logc []float64 // ln w_j − ½ ln|Σ_j| − (dim/2) ln 2π
}

// compile flattens g into c (allocating it if nil) and factorises the
// covariances.
func (g *GMM) compile(c *compiled) (*compiled, error) {
	k, dim := len(g.Weights), g.Dim()
	if k == 0 || dim == 0 || len(g.Means) != k || len(g.Covs) != k {
		return nil, fmt.Errorf("eval: GMM has %d weights, %d means, %d covariances and dimension %d",
			len(g.Weights), len(g.Means), len(g.Covs), dim)
	}
	if c == nil || c.k != k || c.dim != dim {
		c = &compiled{
			dim: dim, k: k,
			mean: make([]float64, k*dim),
			chol: make([]float64, k*dim*dim),
			logc: make([]float64, k),
		}
	}
	var ch mat.Cholesky
	var l mat.TriDense
	for j := range k {
		w := g.Weights[j]
		if !(w >= 0) || math.IsInf(w, 1) {
			return nil, fmt.Errorf("eval: GMM weight %d is %v", j, w)
		}
		if len(g.Means[j]) != dim || len(g.Covs[j]) != dim*dim {
			return nil, fmt.Errorf("eval: GMM component %d has a mean of length %d and a covariance of length %d, want %d and %d",
				j, len(g.Means[j]), len(g.Covs[j]), dim, dim*dim)
		}
		copy(c.mean[j*dim:], g.Means[j])
		if !ch.Factorize(mat.NewSymDense(dim, g.Covs[j])) {
			return nil, fmt.Errorf("eval: GMM covariance %d is not positive definite", j)
		}
		ch.LTo(&l)
		for a := range dim {
			for b := 0; b < a; b++ {
				c.chol[(j*dim+a)*dim+b] = l.At(a, b)
			}
			c.chol[(j*dim+a)*dim+a] = 1 / l.At(a, a)
		}
		c.logc[j] = math.Log(w) - 0.5*ch.LogDet() - 0.5*float64(dim)*math.Log(2*math.Pi)
	}
	return c, nil
}

// logJoint writes ln w_j + ln N(x; μ_j, Σ_j) for each component j into dst
// (length k). z is scratch of length dim.
func (c *compiled) logJoint(dst, x, z []float64) {
	dim := c.dim
	for j := range c.k {
		m := c.mean[j*dim : (j+1)*dim]
		l := c.chol[j*dim*dim : (j+1)*dim*dim]
		// Solve L z = x − μ by forward substitution; the Mahalanobis term is |z|².
		q := 0.0
		for a := range dim {
			s := x[a] - m[a]
			row := l[a*dim : a*dim+a+1]
			for b, v := range row[:a] {
				s -= v * z[b]
			}
			s *= row[a]
			z[a] = s
			q += s * s
		}
		dst[j] = c.logc[j] - 0.5*q
	}
}

// normalise replaces the log-weights v by the probabilities exp(v)/Σexp(v)
// and returns m and s with ln Σ exp(v) = m + ln s and 1 <= s <= len(v),
// computing each exponential once. If no entry is finite, m is that
// infinity, s is 1 and the probabilities are uniform.
func normalise(v []float64) (m, s float64) {
	m = math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		for j := range v {
			v[j] = 1 / float64(len(v))
		}
		return m, 1
	}
	for j, x := range v {
		e := 1.0
		if x != m {
			e = math.Exp(x - m)
		}
		v[j] = e
		s += e
	}
	inv := 1 / s
	for j := range v {
		v[j] *= inv
	}
	return m, s
}

// LogProb writes the log-density ln p(x_i) of each row of the row-major
// batch x into dst, one entry per row. It panics if len(x) is not
// len(dst)·Dim() or if [GMM.Validate] fails.
func (g *GMM) LogProb(dst, x []float64) {
	c, err := g.compile(nil)
	if err != nil {
		panic(err)
	}
	if len(x) != len(dst)*c.dim {
		panic(errLength)
	}
	buf := make([]float64, c.k+c.dim)
	lj, z := buf[:c.k], buf[c.k:]
	for i := range dst {
		c.logJoint(lj, x[i*c.dim:(i+1)*c.dim], z)
		m, s := normalise(lj)
		dst[i] = m + math.Log(s)
	}
}

// FitGMM fits a k-component Gaussian mixture with full covariances to the
// rows of the row-major batch x (dim columns) by expectation–maximisation.
//
// Initialisation follows scikit-learn's init_params="k-means++": k centres
// are drawn from the rows by k-means++ seeding using rng, every row is
// assigned to its nearest centre, and one M-step turns that hard
// assignment into weights, means and covariances. EM then runs until
// s.Tol or s.MaxIter stops it (see [GMMSettings]); every covariance gets
// s.Reg added to its diagonal. The same rng state and data give the same
// mixture.
//
// FitGMM returns an error if x has fewer than k rows or a value that is
// not finite, or if a covariance stops being positive definite. It panics
// if dim does not divide len(x), k < 1, or a setting is negative.
func FitGMM(x []float64, dim, k int, rng *rand.Rand, s GMMSettings) (*GMM, error) {
	n := rows(x, dim)
	if k < 1 {
		panic("eval: FitGMM needs k >= 1")
	}
	s = s.withDefaults()
	if n < k {
		return nil, fmt.Errorf("eval: FitGMM needs at least %d rows for %d components, have %d", k, k, n)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("eval: FitGMM: row %d, column %d is %v", i/dim, i%dim, v)
		}
	}
	g := &GMM{
		Weights: make([]float64, k),
		Means:   make([][]float64, k),
		Covs:    make([][]float64, k),
	}
	for j := range k {
		g.Means[j] = make([]float64, dim)
		g.Covs[j] = make([]float64, dim*dim)
	}
	resp := make([]float64, n*k)
	kmeansPPAssign(resp, x, dim, k, rng)
	mStep(g, resp, x, dim, s.Reg)

	var c *compiled
	z := make([]float64, dim)
	for it := range s.MaxIter {
		var err error
		if c, err = g.compile(c); err != nil {
			return nil, fmt.Errorf("%w (FitGMM iteration %d)", err, it)
		}
		// E-step: responsibilities and the mean log-likelihood. The factors f
		// of ln p(x_i) = m_i + ln f_i are multiplied and their log taken
		// rarely, which saves a logarithm per row (f_i <= k keeps it finite).
		ll, prod := 0.0, 1.0
		for i := range n {
			r := resp[i*k : (i+1)*k]
			c.logJoint(r, x[i*dim:(i+1)*dim], z)
			m, f := normalise(r)
			ll += m
			if prod *= f; prod > 1e200 {
				ll += math.Log(prod)
				prod = 1
			}
		}
		ll = (ll + math.Log(prod)) / float64(n)
		g.LogLik = append(g.LogLik, ll)
		if it > 0 {
			prev := g.LogLik[it-1]
			if math.Abs(ll-prev) <= s.Tol*max(1, math.Abs(prev)) {
				g.Converged = true
				break
			}
		}
		if it == s.MaxIter-1 {
			break // keep the parameters LogLik's last entry describes
		}
		mStep(g, resp, x, dim, s.Reg)
	}
	return g, nil
}

// kmeansPPAssign picks k centres among the rows of x by k-means++ seeding
// (each next centre drawn with probability proportional to the squared
// distance to the nearest centre so far) and writes the one-hot assignment
// of every row to its nearest centre into resp (n×k).
func kmeansPPAssign(resp, x []float64, dim, k int, rng *rand.Rand) {
	n := len(x) / dim
	centres := make([]int, 0, k)
	d2 := make([]float64, n)
	sq := func(i, c int) float64 {
		s := 0.0
		for a := range dim {
			d := x[i*dim+a] - x[c*dim+a]
			s += d * d
		}
		return s
	}
	centres = append(centres, rng.IntN(n))
	for i := range n {
		d2[i] = sq(i, centres[0])
	}
	for len(centres) < k {
		total := 0.0
		for _, v := range d2 {
			total += v
		}
		next := n - 1
		if total == 0 {
			next = rng.IntN(n) // all rows coincide with a centre
		} else {
			u := rng.Float64() * total
			for i, v := range d2 {
				if u < v {
					next = i
					break
				}
				u -= v
			}
		}
		centres = append(centres, next)
		for i := range n {
			d2[i] = min(d2[i], sq(i, next))
		}
	}
	clear(resp)
	for i := range n {
		best, bd := 0, math.Inf(1)
		for j, c := range centres {
			if d := sq(i, c); d < bd {
				best, bd = j, d
			}
		}
		resp[i*k+best] = 1
	}
}

// mStep sets g's weights, means and covariances (plus reg on the diagonal)
// from the responsibilities resp (n×k), in one pass over the rows for the
// means and one for the centred second moments. Like scikit-learn it adds
// 10·ε to each component's total responsibility so an empty component stays
// finite.
func mStep(g *GMM, resp, x []float64, dim int, reg float64) {
	k := len(g.Weights)
	n := len(x) / dim
	const tiny = 10 * 2.220446049250313e-16
	nk := g.Weights // accumulate totals in place
	for j := range k {
		nk[j] = tiny
		clear(g.Means[j])
	}
	for i := range n {
		xi := x[i*dim : (i+1)*dim]
		for j, r := range resp[i*k : (i+1)*k] {
			nk[j] += r
			m := g.Means[j][:dim]
			for a, v := range xi {
				m[a] += r * v
			}
		}
	}
	for j := range k {
		for a := range g.Means[j] {
			g.Means[j][a] /= nk[j]
		}
	}
	// Upper triangles of Σ_i r_ij (x_i − μ_j)(x_i − μ_j)ᵀ, packed row by row.
	tri := dim * (dim + 1) / 2
	acc := make([]float64, k*tri)
	d := make([]float64, dim)
	for i := range n {
		xi := x[i*dim : (i+1)*dim]
		for j, r := range resp[i*k : (i+1)*k] {
			if r == 0 {
				continue
			}
			m := g.Means[j][:len(d)]
			for a := range d {
				d[a] = xi[a] - m[a]
			}
			p := acc[j*tri : (j+1)*tri]
			idx := 0
			for a, da := range d {
				ra := r * da
				for _, db := range d[a:] {
					p[idx] += ra * db
					idx++
				}
			}
		}
	}
	total := 0.0
	for j := range k {
		cv, p := g.Covs[j], acc[j*tri:(j+1)*tri]
		idx := 0
		for a := range dim {
			for b := a; b < dim; b++ {
				v := p[idx] / nk[j]
				idx++
				cv[a*dim+b], cv[b*dim+a] = v, v
			}
			cv[a*dim+a] += reg
		}
		total += nk[j]
	}
	for j := range nk {
		nk[j] /= total
	}
}

// GMMBayes is a generative Bayes classifier with one Gaussian mixture per
// class, like astroML's GMMBayes: Class[c] models p(x|c) for label c
// (0 background, 1 signal).
type GMMBayes struct {
	Class [2]*GMM
}

// FitGMMBayes fits a k-component mixture to the rows of each class of the
// row-major batch x (dim columns), class 0 first, both drawing from rng.
// It returns FitGMM's errors, naming the class. It panics if labels
// has not one entry per row, a label is not 0 or 1, or as FitGMM does.
func FitGMMBayes(x []float64, dim int, labels []int, k int, rng *rand.Rand, s GMMSettings) (*GMMBayes, error) {
	n := rows(x, dim)
	n0, n1 := checkLabels(labels, n)
	parts := [2][]float64{make([]float64, 0, n0*dim), make([]float64, 0, n1*dim)}
	for i, l := range labels {
		parts[l] = append(parts[l], x[i*dim:(i+1)*dim]...)
	}
	var b GMMBayes
	for c, p := range parts {
		g, err := FitGMM(p, dim, k, rng, s)
		if err != nil {
			return nil, fmt.Errorf("%w (class %d)", err, c)
		}
		b.Class[c] = g
	}
	return &b, nil
}

// T writes the test statistic t = ln p(x|0) − ln p(x|1) of each row of the
// row-major batch x into dst, one entry per row. It carries no class prior
// (equal priors, like the flows); see [PriorCut]. It panics as
// [GMM.LogProb] does.
func (b *GMMBayes) T(dst, x []float64) {
	l1 := make([]float64, len(dst))
	b.Class[0].LogProb(dst, x)
	b.Class[1].LogProb(l1, x)
	for i := range dst {
		dst[i] -= l1[i]
	}
}
