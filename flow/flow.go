package flow

import (
	"fmt"
	"math"
	"math/rand/v2"

	"flowlab/flow/eval"
)

// ln2π2 is ½·ln(2π), the per-feature constant of the standard normal log-density.
var ln2π2 = 0.5 * math.Log(2*math.Pi)

// evalChunk is the number of rows LogProb and Sample process at a time, which
// bounds their workspace.
const evalChunk = 1024

// Flow is a normalizing flow: a base distribution (the standard normal, or a
// Gaussian mixture when Config.Base is BaseGMM) and a chain of layers
// from the base (Layers()[0]) to the data (last). All trainable parameters
// live in one flat slice, Params, with their gradients in Grads, so that
// optimisers, serialisation and data-parallel reduction see one vector.
//
// A Flow is not safe for concurrent use: its layers keep workspace.
type Flow struct {
	Config Config
	Params []float64 // every trainable parameter, layer by layer, in the layers' storage order (see naturalParams); MADE's masked weights must stay zero
	Grads  []float64 // ∂loss/∂Params, accumulated by LossGrad

	core   []Layer      // the trainable chain with its permutations, base → data
	base   *GMMBase     // the mixture base, or nil for the standard normal
	start  *GMMBase     // the frozen EM start of the defensive mixture (Config.Defensive), or nil
	std    *Standardize // optional fixed layer next to the data
	layers []Layer      // core plus std
	others []*Flow      // an ensemble's other members (see Ensemble), or nil

	frames  [][]float64 // frames[k] is the input of layers[k]'s Forward (= output of its Inverse)
	g1, g2  []float64   // back-propagation scratch
	logDet  []float64
	scratch []float64
}

// New builds a flow for cfg and draws its initial parameters from rng (with
// a nil rng, parameters stay zero, for loading saved ones).
func New(cfg Config, rng *rand.Rand) (*Flow, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	fam, _ := LookupFamily(cfg.Model)
	f := &Flow{Config: cfg}
	perm := cfg.perm()
	for k := range cfg.Layers {
		if k > 0 && perm != nil {
			f.core = append(f.core, NewPermute(perm))
		}
		f.core = append(f.core, fam.Layer(cfg))
	}
	total := 0
	for _, l := range f.core {
		total += l.NumParams()
	}
	if cfg.Base == BaseGMM {
		f.base = newGMMBase(cfg.Dim, cfg.BaseComponents, cfg.TrainBase)
		total += f.base.NumParams()
		if cfg.Defensive > 0 {
			f.start = newGMMBase(cfg.Dim, startComponents(cfg), false)
			total += f.start.NumParams()
		}
	}
	f.Params = make([]float64, total)
	f.Grads = make([]float64, total)
	off := 0
	for _, l := range f.core {
		np := l.NumParams()
		l.Bind(f.Params[off:off+np:off+np], f.Grads[off:off+np:off+np])
		if rng != nil {
			l.Init(rng)
			if f.base != nil {
				startAsIdentity(l)
			}
		}
		off += np
	}
	if f.base != nil {
		nb := f.base.NumParams()
		f.base.params, f.base.grads = f.Params[off:off+nb:off+nb], f.Grads[off:off+nb:off+nb]
		off += nb
	}
	if f.start != nil {
		f.start.params, f.start.grads = f.Params[off:], f.Grads[off:]
	}
	f.layers = f.core
	return f, nil
}

// identityStarter is implemented by layers that can start as the identity
// (their conditioner's output layer zeroed): a flow with a fitted mixture
// base then starts as that mixture, and training can only improve on it.
type identityStarter interface{ startIdentity() }

func startAsIdentity(l Layer) {
	if s, ok := l.(identityStarter); ok {
		s.startIdentity()
	}
}

// Base returns the mixture base distribution, or nil for the standard normal.
func (f *Flow) Base() *GMMBase { return f.base }

// minRowsPerBaseParam is how many rows FitBase wants per parameter of a
// fitted mixture component: with fewer rows it fits fewer components, since
// full covariances fitted to a handful of rows overfit (48 rows in 4-D
// would be worse than one Gaussian on held-out rows).
const minRowsPerBaseParam = 5

// FitBase fits the mixture base by EM (flow/eval.FitGMM, full covariances)
// to n rows of x mapped to the base by the flow's current layers. When n is
// too small for the configured components (minRowsPerBaseParam) it fits as
// many as the rows support, at least one, and shares each fitted component
// among the slots, which leaves the density the same. With a defensive
// mixture the fit is also stored as its frozen start. It does nothing for a
// standard-normal base.
func (f *Flow) FitBase(x []float64, n int, rng *rand.Rand) error {
	return f.FitBaseRestarts(x, n, 1, rng)
}

// FitBaseRestarts is FitBase that also fits the defensive mixture's start
// (see Config.Defensive), when there is one. With restarts ≤ 1 and identity
// layers (a fresh flow) the start is the base's own fit, at no extra cost.
// Otherwise it is the best of restarts EM fits to the rows of x in the data's
// own units, one after the other from rng (the one with the highest final
// training log-likelihood, the first on ties), mapped to the standardised
// space the identity layers start in. EM is
// affine-invariant but its k-means++ start is not: in the data's units it
// finds, like astroML's GMM Bayes, the small far-off groups of rows that a
// fit to standardised rows can miss (and a flow trained from that fit then
// has a hole there). The base gets the first fit to the rows mapped to the
// base, so the flow trains as with FitBase.
func (f *Flow) FitBaseRestarts(x []float64, n, restarts int, rng *rand.Rand) error {
	if f.base == nil {
		return nil
	}
	d := f.Dim()
	k := min(f.base.k, max(1, n/(minRowsPerBaseParam*gmmBlock(d))))
	g, err := eval.FitGMM(f.toBase(x, n), d, k, rng, eval.GMMSettings{})
	if err != nil {
		return err
	}
	if err := f.base.set(spreadComponents(g, f.base.k)); err != nil {
		return err
	}
	if f.start == nil {
		return nil
	}
	if restarts <= 1 {
		if perm := f.identityPerm(); perm != nil {
			// The layers are the identity up to their permutations: the
			// start is the base's fit itself, in standardised coordinates.
			return f.setStart(unpermuted(g, perm), x, n)
		}
	}
	var best *eval.GMM
	for range max(1, restarts) {
		if h, err := eval.FitGMM(x[:n*d], d, k, rng, eval.GMMSettings{}); err == nil && (best == nil || finalLogLik(h) > finalLogLik(best)) {
			best = h
		}
	}
	if best == nil {
		return fmt.Errorf("flow: no EM fit of the defensive mixture's start succeeded")
	}
	if f.std != nil {
		best = standardized(best, f.std)
	}
	return f.setStart(best, x, n)
}

// identityPerm returns π with z[a] = u[π(a)] for the base point z of every
// standardised point u, when the trainable layers are exactly the identity
// up to their permutations (as New makes them for a mixture base), else nil.
func (f *Flow) identityPerm() []int {
	d := f.Dim()
	in, out, ld := make([]float64, d), make([]float64, d), make([]float64, 1)
	for a := range in {
		in[a] = float64(a + 1)
	}
	for k := len(f.core) - 1; k >= 0; k-- {
		f.core[k].Inverse(out, ld, in, 1)
		in, out = out, in
	}
	perm, seen := make([]int, d), make([]bool, d)
	for a, v := range in {
		j := int(v) - 1
		if float64(j+1) != v || j < 0 || j >= d || seen[j] {
			return nil
		}
		perm[a], seen[j] = j, true
	}
	if ld[0] != 0 {
		return nil
	}
	return perm
}

// unpermuted returns the mixture g of z, z[a] = u[perm[a]], as a mixture of u.
func unpermuted(g *eval.GMM, perm []int) *eval.GMM {
	d := len(perm)
	out := &eval.GMM{Weights: g.Weights, LogLik: g.LogLik, Converged: g.Converged}
	for j := range g.Weights {
		mu, cv := make([]float64, d), make([]float64, d*d)
		for a := range d {
			mu[perm[a]] = g.Means[j][a]
			for b := range d {
				cv[perm[a]*d+perm[b]] = g.Covs[j][a*d+b]
			}
		}
		out.Means, out.Covs = append(out.Means, mu), append(out.Covs, cv)
	}
	return out
}

// standardized returns the mixture g of x as a mixture of the standardised
// z = (x − Shift)/Scale.
func standardized(g *eval.GMM, s *Standardize) *eval.GMM {
	d := s.Dim()
	out := &eval.GMM{Weights: g.Weights, LogLik: g.LogLik, Converged: g.Converged}
	for j := range g.Weights {
		mu, cv := make([]float64, d), make([]float64, d*d)
		for a := range d {
			mu[a] = (g.Means[j][a] - s.Shift[a]) / s.Scale[a]
			for b := range d {
				cv[a*d+b] = g.Covs[j][a*d+b] / (s.Scale[a] * s.Scale[b])
			}
		}
		out.Means, out.Covs = append(out.Means, mu), append(out.Covs, cv)
	}
	return out
}

// finalLogLik is the mean training log-likelihood of a fitted mixture.
func finalLogLik(g *eval.GMM) float64 {
	if len(g.LogLik) == 0 {
		return math.Inf(-1)
	}
	return g.LogLik[len(g.LogLik)-1]
}

// toBase maps n rows of x to the base by the flow's current layers.
func (f *Flow) toBase(x []float64, n int) []float64 {
	d := f.Dim()
	z := make([]float64, n*d)
	for lo := 0; lo < n; lo += evalChunk {
		m := min(evalChunk, n-lo)
		copy(z[lo*d:(lo+m)*d], f.inverseChunk(x[lo*d:(lo+m)*d], m))
	}
	return z
}

// reordered is implemented by layers that store their parameters in an
// internal order (MADE, whose hidden units are sorted by degree): the
// natural order, in which models are saved, is converted on the way in and
// out.
type reordered interface {
	loadParams(src []float64)   // set the bound parameters from natural order
	exportParams(dst []float64) // write the bound parameters in natural order
}

// naturalParams returns a copy of Params in natural order, as saved models
// hold them.
func (f *Flow) naturalParams() []float64 {
	out := append([]float64(nil), f.Params...)
	off := 0
	for _, l := range f.core {
		np := l.NumParams()
		if r, ok := l.(reordered); ok {
			r.exportParams(out[off : off+np])
		}
		off += np
	}
	return out
}

// setNaturalParams sets Params from src, in natural order.
func (f *Flow) setNaturalParams(src []float64) {
	if len(src) != len(f.Params) {
		panic(badLength)
	}
	off := 0
	for _, l := range f.core {
		np := l.NumParams()
		if r, ok := l.(reordered); ok {
			r.loadParams(src[off : off+np])
		} else {
			copy(f.Params[off:off+np], src[off:off+np])
		}
		off += np
	}
	copy(f.Params[off:], src[off:]) // the base's parameters
}

// Dim is the number of features.
func (f *Flow) Dim() int { return f.Config.Dim }

// Layers returns the chain from the base to the data, including the
// permutations and, last, the standardisation if one is set. The slice must
// not be modified.
func (f *Flow) Layers() []Layer { return f.layers }

// Standardization returns the fixed standardisation layer, or nil.
func (f *Flow) Standardization() *Standardize { return f.std }

// SetStandardization places s (or nothing, if s is nil) next to the data.
// It panics if s has the wrong dimension.
func (f *Flow) SetStandardization(s *Standardize) {
	if s != nil && s.Dim() != f.Dim() {
		panic(badLength)
	}
	f.std = s
	f.layers = f.core
	if s != nil {
		f.layers = append(f.core[:len(f.core):len(f.core)], s)
	}
}

// baseLogProb returns ln N(z; 0, I) for one row.
func baseLogProb(z []float64) float64 {
	ss := 0.0
	for _, v := range z {
		ss += v * v
	}
	return -0.5*ss - float64(len(z))*ln2π2
}

// baseLogProbs writes ln p_base(z) for n rows of z into dst.
func (f *Flow) baseLogProbs(dst, z []float64, n int) {
	d := f.Dim()
	if f.base == nil {
		for i := range n {
			dst[i] = baseLogProb(z[i*d : (i+1)*d])
		}
		return
	}
	f.base.prepare()
	for i := range n {
		dst[i] = f.base.logProbRow(z[i*d : (i+1)*d])
	}
}

// StandardNormalLogProb returns ln N(z; 0, I) for one row: the density of
// a flow without a mixture base.
func StandardNormalLogProb(z []float64) float64 { return baseLogProb(z) }

// BaseLogProb writes ln p_base(z) for n rows of z (n×Dim, row-major) into
// dst[:n]: the flow's base density, standard normal or Gaussian mixture. It
// uses the base's workspace, so it must not run concurrently with other work
// on f.
func (f *Flow) BaseLogProb(dst, z []float64, n int) {
	if len(z) < n*f.Dim() || len(dst) < n {
		panic(badLength)
	}
	f.baseLogProbs(dst, z, n)
}

// LogProb writes ln p(x) for n rows of x into dst[:n] (with a defensive
// mixture, of the mixture; see Config.Defensive; of an ensemble, the mean of
// its members' densities; see Ensemble).
func (f *Flow) LogProb(dst, x []float64, n int) {
	f.logProb(dst, x, n, f.start != nil)
	if f.others != nil {
		f.ensembleLogProb(dst, x, n)
	}
}

// FlowLogProb is LogProb of the flow part alone, ln p_flow(x), without a
// defensive mixture: what training fits, keeps the best epoch by and is
// judged by.
func (f *Flow) FlowLogProb(dst, x []float64, n int) { f.logProb(dst, x, n, false) }

func (f *Flow) logProb(dst, x []float64, n int, mix bool) {
	d := f.Dim()
	if len(x) < n*d || len(dst) < n {
		panic(badLength)
	}
	for lo := 0; lo < n; lo += evalChunk {
		m := min(evalChunk, n-lo)
		z := f.inverseChunk(x[lo*d:(lo+m)*d], m)
		f.baseLogProbs(dst[lo:lo+m], z, m)
		for i := range m {
			dst[lo+i] += f.logDet[i]
		}
		if mix {
			f.mixStart(dst[lo:lo+m], x[lo*d:(lo+m)*d], m)
		}
	}
}

// inverseChunk maps m rows of x to the base, leaving the summed log-dets in
// f.logDet[:m], and returns z (a view into the workspace).
func (f *Flow) inverseChunk(x []float64, m int) []float64 {
	d := f.Dim()
	f.logDet = growTo(f.logDet, m)
	clear(f.logDet)
	f.g1, f.g2 = growTo(f.g1, m*d), growTo(f.g2, m*d)
	in, out := x, f.g1
	for k := len(f.layers) - 1; k >= 0; k-- {
		f.layers[k].Inverse(out, f.logDet, in, m)
		if k == len(f.layers)-1 {
			in, out = out, f.g2
		} else {
			in, out = out, in
		}
	}
	return in
}

// Sample draws n points from the flow into dst (n×Dim), using rng for the
// base samples. With a defensive mixture each point then comes, with
// probability Config.Defensive, from the start mixture instead (see
// sampleStart); an ensemble's from a member chosen uniformly.
func (f *Flow) Sample(dst []float64, n int, rng *rand.Rand) {
	f.SampleBase(dst, n, rng)
	f.ForwardFrom(dst, dst, n)
	if f.start != nil {
		f.sampleStart(dst, n, rng)
	}
	if f.others != nil {
		f.sampleEnsemble(dst, n, rng)
	}
}

// ForwardFrom maps n base points z to data space, writing x (n×Dim). x and z
// may be the same slice.
func (f *Flow) ForwardFrom(x, z []float64, n int) {
	d := f.Dim()
	if len(x) < n*d || len(z) < n*d {
		panic(badLength)
	}
	f.scratch = growTo(f.scratch, evalChunk)
	for lo := 0; lo < n; lo += evalChunk {
		m := min(evalChunk, n-lo)
		f.g1, f.g2 = growTo(f.g1, m*d), growTo(f.g2, m*d)
		copy(f.g1, z[lo*d:(lo+m)*d])
		in, out := f.g1, f.g2
		for _, l := range f.layers {
			l.Forward(out, f.scratch[:m], in, m)
			in, out = out, in
		}
		copy(x[lo*d:(lo+m)*d], in)
	}
}

// LossGrad runs a training pass on n rows of x: it returns the summed negative
// log-likelihood Σ_rows −ln p(x) and adds scale·∂(Σ −ln p)/∂θ to f.Grads (use
// scale = 1/batch for the mean). Grads are not cleared first, so shares of a
// batch can be accumulated.
func (f *Flow) LossGrad(x []float64, n int, scale float64) float64 {
	d := f.Dim()
	if len(x) < n*d {
		panic(badLength)
	}
	K := len(f.layers)
	if len(f.frames) < K {
		f.frames = make([][]float64, K)
	}
	f.logDet = growTo(f.logDet, n)
	clear(f.logDet)
	in := x[:n*d]
	for k := K - 1; k >= 0; k-- {
		f.frames[k] = growTo(f.frames[k], n*d)
		f.layers[k].Inverse(f.frames[k], f.logDet, in, n)
		in = f.frames[k]
	}
	// L = Σ_rows ½|z|² + d·½ln2π − logDet: ∂L/∂z = z, weight of logDet = −1.
	nll := 0.0
	f.g1, f.g2 = growTo(f.g1, n*d), growTo(f.g2, n*d)
	if f.base == nil {
		for i := range n {
			zi := in[i*d : (i+1)*d]
			nll -= baseLogProb(zi) + f.logDet[i]
		}
		for i, v := range in {
			f.g1[i] = v * scale
		}
	} else {
		f.base.prepare()
		clear(f.g1)
		for i := range n {
			nll -= f.base.logProbRow(in[i*d:(i+1)*d]) + f.logDet[i]
			f.base.backwardRow(f.g1[i*d:(i+1)*d], scale)
		}
	}
	g, next := f.g1, f.g2
	for k := range K {
		var dx []float64
		if k < K-1 {
			dx = next
		}
		f.layers[k].Backward(dx, g, -scale, n)
		g, next = next, g
	}
	return nll
}

// Saturation returns the fraction of tanh log-scales with |s| > 0.99 in the
// last training or density pass, a sign that the bound is limiting the fit.
func (f *Flow) Saturation() float64 {
	sat, tot := 0, 0
	for _, l := range f.core {
		if c, ok := l.(saturationCounter); ok {
			s, t := c.saturation()
			sat += s
			tot += t
		}
	}
	if tot == 0 {
		return 0
	}
	return float64(sat) / float64(tot)
}

// Trace holds a batch at every level of the flow, for the inspector and the
// likelihood ledger. Frames[0] is the base, Frames[len(Layers)] the data, and
// Frames[k+1] = Layers[k].Forward(Frames[k]). LogDet[k][i] is layer k's
// ln|det ∂z/∂x| at row i (the inverse direction), so that
// ln p(x_i) = BaseLogProb[i] + Σ_k LogDet[k][i] + Mixture[i] + Ensemble[i].
// An ensemble's trace is its first member's, plus the Ensemble term.
type Trace struct {
	N           int
	Frames      [][]float64 // len(Layers)+1 frames of N×Dim values
	LogDet      [][]float64 // one per layer, N values each
	BaseLogProb []float64   // ln p_base(Frames[0]) per row
	// Mixture is the defensive mixture's term ln p(x) − ln p_flow(x) per row
	// (see Config.Defensive); nil without one.
	Mixture []float64
	// Ensemble is an ensemble's term ln p(x) − ln p_1(x) per row: what
	// averaging the K members' densities adds to the first member's (see
	// Ensemble); nil for a single flow.
	Ensemble []float64
	LogProb  []float64 // ln p(Frames[last]) per row
}

// SampleBase writes n points drawn from the flow's base distribution into
// dst (n·Dim values): the standard normal, or the fitted mixture. They are
// the points Sample pushes through the layers.
func (f *Flow) SampleBase(dst []float64, n int, rng *rand.Rand) {
	d := f.Dim()
	if len(dst) < n*d {
		panic(badLength)
	}
	if f.base != nil {
		f.base.sample(dst, n, rng)
		return
	}
	for i := range dst[:n*d] {
		dst[i] = rng.NormFloat64()
	}
}

// TraceForward pushes n base points z through every layer.
func (f *Flow) TraceForward(z []float64, n int) *Trace {
	d := f.Dim()
	if len(z) < n*d {
		panic(badLength)
	}
	t := newTrace(len(f.layers), n, d)
	copy(t.Frames[0], z[:n*d])
	for k, l := range f.layers {
		l.Forward(t.Frames[k+1], t.LogDet[k], t.Frames[k], n)
		for i := range t.LogDet[k] {
			t.LogDet[k][i] = -t.LogDet[k][i]
		}
	}
	t.finish(f)
	return t
}

// TraceInverse pulls n data points x back through every layer to the base.
func (f *Flow) TraceInverse(x []float64, n int) *Trace {
	d := f.Dim()
	if len(x) < n*d {
		panic(badLength)
	}
	K := len(f.layers)
	t := newTrace(K, n, d)
	copy(t.Frames[K], x[:n*d])
	for k := K - 1; k >= 0; k-- {
		f.layers[k].Inverse(t.Frames[k], t.LogDet[k], t.Frames[k+1], n)
	}
	t.finish(f)
	return t
}

func newTrace(K, n, d int) *Trace {
	t := &Trace{N: n, Frames: make([][]float64, K+1), LogDet: make([][]float64, K)}
	for k := range t.Frames {
		t.Frames[k] = make([]float64, n*d)
	}
	for k := range t.LogDet {
		t.LogDet[k] = make([]float64, n)
	}
	return t
}

func (t *Trace) finish(f *Flow) {
	t.BaseLogProb = make([]float64, t.N)
	t.LogProb = make([]float64, t.N)
	f.baseLogProbs(t.BaseLogProb, t.Frames[0], t.N)
	for i := range t.N {
		s := t.BaseLogProb[i]
		for _, ld := range t.LogDet {
			s += ld[i]
		}
		t.LogProb[i] = s
	}
	x := t.Frames[len(t.Frames)-1]
	if f.start != nil {
		t.Mixture = t.addTerm(func(lp []float64) { f.mixStart(lp, x, t.N) })
	}
	if f.others != nil {
		t.Ensemble = t.addTerm(func(lp []float64) { f.ensembleLogProb(lp, x, t.N) })
	}
}

// addTerm applies a step that rewrites LogProb in place (mixing in the
// defensive start, averaging an ensemble) and returns what it added per row.
func (t *Trace) addTerm(step func(lp []float64)) []float64 {
	term := append([]float64(nil), t.LogProb...)
	step(t.LogProb)
	for i := range term {
		term[i] = t.LogProb[i] - term[i]
	}
	return term
}

// String summarises the architecture, e.g. "realnvp: 8 layers × [4×100], 4 features, 81,632 parameters".
func (f *Flow) String() string {
	c := f.Config
	s := fmt.Sprintf("%s: %d layers × [%d×%d], %d features, %d parameters", c.Model, c.Layers, c.Hidden, c.Units, c.Dim, len(f.Params))
	if f.base != nil {
		how := "frozen"
		if c.TrainBase {
			how = "trained"
		}
		s += fmt.Sprintf(", %d-component Gaussian-mixture base (%s)", f.base.k, how)
	}
	if f.start != nil {
		s += fmt.Sprintf(", defensive mixture with its EM start (weight %g", c.Defensive)
		if c.DefensiveSmooth > 0 {
			s += fmt.Sprintf(", %g of it kernel-smoothed", c.DefensiveSmooth)
			if c.DefensiveBandwidth > 0 {
				s += fmt.Sprintf(" at %g× Scott's bandwidth", c.DefensiveBandwidth)
			}
		}
		s += ")"
	}
	if f.others != nil {
		s += fmt.Sprintf("; an ensemble of %d such flows (mean density)", len(f.others)+1)
	}
	return s
}

// ParamMask returns one value per parameter: 1 if it is trained, 0 if it is a
// weight that a MADE mask holds at zero or a frozen base parameter.
func (f *Flow) ParamMask() []float64 {
	mask := make([]float64, 0, len(f.Params))
	for _, l := range f.core {
		if m, ok := l.(interface{ ParamMask() []float64 }); ok {
			mask = append(mask, m.ParamMask()...)
			continue
		}
		for range l.NumParams() {
			mask = append(mask, 1)
		}
	}
	if f.base != nil {
		on := 0.0
		if f.base.train {
			on = 1
		}
		for range f.base.NumParams() {
			mask = append(mask, on)
		}
	}
	if f.start != nil {
		mask = append(mask, make([]float64, f.start.NumParams())...)
	}
	return mask
}
