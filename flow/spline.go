package flow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Spline defaults and limits (Durkan et al. 2019, "Neural Spline Flows").
const (
	SplineDefaultBins      = 8   // K
	SplineDefaultTailBound = 4.0 // B
	splineMinWidth         = 1e-3
	splineMinHeight        = 1e-3
	splineMinDerivative    = 1e-3
)

// splineDerivOffset makes a zero network output give derivative 1:
// minD + softplus(0 + c) = 1.
var splineDerivOffset = math.Log(math.Expm1(1 - splineMinDerivative))

func init() {
	registerFamily(Family{Name: ModelSpline, Title: "neural spline", Order: 2, MinDim: 2,
		Check: func(c Config) error {
			switch {
			case c.Bins != 0 && (c.Bins < 2 || c.Bins > 64):
				return fmt.Errorf("spline bins %d is outside 2…64", c.Bins)
			case c.TailBound != 0 && !(c.TailBound > 0 && c.TailBound <= 100):
				return fmt.Errorf("spline tail bound %g is outside (0, 100]", c.TailBound)
			}
			return nil
		},
		Defaults: func(c *Config) {
			if c.Bins == 0 {
				c.Bins = SplineDefaultBins
			}
			if c.TailBound == 0 {
				c.TailBound = SplineDefaultTailBound
			}
		},
		Layer: func(c Config) Layer { return NewSplineCoupling(c.Dim, c.hiddenSizes(), c.Bins, c.TailBound) },
		Sizes: func(c Config) []int { return couplingSizes(c.Dim, c.hiddenSizes(), 3*c.Bins-1) },
	})
}

// SplineCoupling is a rational-quadratic neural spline coupling layer
// (Durkan et al. 2019). Like Coupling, the first NA = Dim/2 features are
// transformed and the other NB pass through and condition the transform;
// each transformed feature goes through its own monotone rational-quadratic
// spline g on [−B, B] with K bins, the identity outside:
//
//	inverse (data → base):  z_a = g(x_a; θ(x_b)),  ln|det ∂z/∂x| = Σ ln g′(x_a)
//	forward (base → data):  x_a = g⁻¹(z_a), the root of a quadratic (eq. 6–8)
//
// The conditioner MLP outputs, per transformed feature, K bin widths and K
// heights (softmax, at least 1e-3 of the interval each) and K−1 inner knot
// derivatives (1e-3 + softplus); the derivatives at ±B are 1, so g joins
// the identity tails smoothly. A zero output gives the identity.
type SplineCoupling struct {
	halves
	k     int
	bound float64
	net   *mlp

	u     []float64 // last Inverse: network output (not owned)
	lastX []float64 // last Inverse: its input x (not owned; Layer's contract keeps it unchanged)
	gu    []float64 // back-propagation scratch
	kn    splineKnots
	gk    splineKnots // knot gradients
}

// splineKnots are one feature's knots: x and y positions and derivatives
// (K+1 each) and the softmax probabilities of the widths and heights (K).
type splineKnots struct{ x, y, d, pw, ph []float64 }

func newSplineKnots(k int) splineKnots {
	return splineKnots{x: make([]float64, k+1), y: make([]float64, k+1), d: make([]float64, k+1),
		pw: make([]float64, k), ph: make([]float64, k)}
}

// NewSplineCoupling returns a spline coupling layer for dim ≥ 2 features
// with K = bins ≥ 2 bins on [−tailBound, tailBound] and a conditioner with
// the given hidden widths. It panics on invalid arguments.
func NewSplineCoupling(dim int, hidden []int, bins int, tailBound float64) *SplineCoupling {
	if dim < 2 || bins < 2 || !(tailBound > 0) {
		panic("flow: spline coupling needs at least 2 features, 2 bins and a positive tail bound")
	}
	h := newHalves(dim)
	sizes := couplingSizes(dim, hidden, 3*bins-1)
	return &SplineCoupling{halves: h, k: bins, bound: tailBound, net: newMLP(sizes, nil),
		kn: newSplineKnots(bins), gk: newSplineKnots(bins)}
}

// Dim implements Layer.
func (s *SplineCoupling) Dim() int { return s.dim }

// NumParams implements Layer.
func (s *SplineCoupling) NumParams() int { return s.net.numParams() }

// Bind implements Layer.
func (s *SplineCoupling) Bind(params, grads []float64) { s.net.bind(params, grads) }

// Init implements Layer.
func (s *SplineCoupling) Init(rng *rand.Rand) { s.net.init(rng) }

// startIdentity implements identityStarter.
func (s *SplineCoupling) startIdentity() { s.net.zeroOutput() }

// Info implements Layer.
func (s *SplineCoupling) Info() LayerInfo {
	info := LayerInfo{Kind: "spline", Params: s.NumParams(), Hidden: s.net.sizes[1 : len(s.net.sizes)-1],
		Bins: s.k, TailBound: s.bound}
	s.describe(&info)
	return info
}

// conditioner runs the network on the frozen half of n rows of v and
// returns its n×NA·(3K−1) output.
func (s *SplineCoupling) conditioner(v []float64, n int) []float64 {
	return s.net.forward(s.gather(v, n), n)
}

// softmaxInto writes minP + (1 − K·minP)·softmax(raw) into dst and the
// plain softmax into p.
func softmaxInto(dst, p, raw []float64, minP float64) {
	m := math.Inf(-1)
	for _, v := range raw {
		m = max(m, v)
	}
	sum := 0.0
	for i, v := range raw {
		p[i] = math.Exp(v - m)
		sum += p[i]
	}
	scale := 1 - float64(len(raw))*minP
	for i := range p {
		p[i] /= sum
		dst[i] = minP + scale*p[i]
	}
}

// knots fills kn from one feature's 3K−1 raw network outputs.
func (s *SplineCoupling) knots(raw []float64, kn *splineKnots) {
	K, B := s.k, s.bound
	// Widths and heights go into x[1:], y[1:] first, then become cumulative knots.
	softmaxInto(kn.x[1:], kn.pw, raw[:K], splineMinWidth)
	softmaxInto(kn.y[1:], kn.ph, raw[K:2*K], splineMinHeight)
	cx, cy := 0.0, 0.0
	kn.x[0], kn.y[0] = -B, -B
	for i := 1; i < K; i++ {
		cx += kn.x[i]
		cy += kn.y[i]
		kn.x[i], kn.y[i] = -B+2*B*cx, -B+2*B*cy
	}
	kn.x[K], kn.y[K] = B, B
	kn.d[0], kn.d[K] = 1, 1
	for i := 1; i < K; i++ {
		kn.d[i] = splineMinDerivative + softplus(raw[2*K+i-1]+splineDerivOffset)
	}
}

// softplus is ln(1 + eˣ), computed without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// sigmoid is 1/(1 + e⁻ˣ), the derivative of softplus.
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// bin returns the k with v[k] ≤ t < v[k+1] (t inside [v[0], v[K]]).
func bin(v []float64, t float64) int {
	k := 0
	for k < len(v)-2 && t >= v[k+1] {
		k++
	}
	return k
}

// rqTerms are one point's quantities in its bin k: ξ ∈ [0, 1] the position
// in the bin, w and h the bin's width and height, s = h/w, d0 and d1 the
// knot derivatives, and the shared terms of eq. 4 (g) and of g′.
type rqTerms struct {
	k                       int
	xi, w, h, s, d0, d1, y0 float64
	tau, a, den, bq         float64 // ξ(1−ξ), sξ² + d0·τ, s + (d1+d0−2s)τ, d1ξ² + 2sτ + d0(1−ξ)²
}

func (kn *splineKnots) terms(x float64) rqTerms {
	k := bin(kn.x, x)
	t := rqTerms{k: k, w: kn.x[k+1] - kn.x[k], h: kn.y[k+1] - kn.y[k], d0: kn.d[k], d1: kn.d[k+1], y0: kn.y[k]}
	t.xi = (x - kn.x[k]) / t.w
	t.s = t.h / t.w
	t.tau = t.xi * (1 - t.xi)
	t.a = t.s*t.xi*t.xi + t.d0*t.tau
	t.den = t.s + (t.d1+t.d0-2*t.s)*t.tau
	om := 1 - t.xi
	t.bq = t.d1*t.xi*t.xi + 2*t.s*t.tau + t.d0*om*om
	return t
}

// value is g(x) (eq. 4); logDeriv is ln g′(x).
func (t rqTerms) value() float64    { return t.y0 + t.h*t.a/t.den }
func (t rqTerms) logDeriv() float64 { return 2*math.Log(t.s) + math.Log(t.bq) - 2*math.Log(t.den) }

// eval returns g(x) and ln g′(x), the identity outside [−B, B].
func (kn *splineKnots) eval(x, bound float64) (z, logDeriv float64) {
	if x < -bound || x > bound {
		return x, 0
	}
	t := kn.terms(x)
	return t.value(), t.logDeriv()
}

// invert returns g⁻¹(y) by the quadratic root of eq. 6–8, and ln g′ there.
func (kn *splineKnots) invert(y, bound float64) (x, logDeriv float64) {
	if y < -bound || y > bound {
		return y, 0
	}
	k := bin(kn.y, y)
	w, h := kn.x[k+1]-kn.x[k], kn.y[k+1]-kn.y[k]
	s, d0, d1 := h/w, kn.d[k], kn.d[k+1]
	dy, sum := y-kn.y[k], d1+d0-2*s
	a := h*(s-d0) + dy*sum
	b := h*d0 - dy*sum
	c := -s * dy
	disc := math.Max(b*b-4*a*c, 0)
	xi := 2 * c / (-b - math.Sqrt(disc))
	x = kn.x[k] + xi*w
	x = math.Min(math.Max(x, kn.x[k]), kn.x[k+1])
	return x, kn.terms(x).logDeriv()
}

// Forward implements Layer.
func (s *SplineCoupling) Forward(x, logDet, z []float64, n int) {
	if len(x) < n*s.dim || len(z) < n*s.dim || len(logDet) < n {
		panic(badLength)
	}
	u := s.conditioner(z, n)
	na, d, r := s.na, s.dim, 3*s.k-1
	for i := range n {
		zi, xi := z[i*d:(i+1)*d], x[i*d:(i+1)*d]
		ld := 0.0
		for j := range na {
			s.knots(u[(i*na+j)*r:(i*na+j+1)*r], &s.kn)
			v, l := s.kn.invert(zi[j], s.bound)
			xi[j] = v
			ld -= l
		}
		copy(xi[na:], zi[na:])
		logDet[i] += ld
	}
}

// Inverse implements Layer.
func (s *SplineCoupling) Inverse(z, logDet, x []float64, n int) {
	if len(x) < n*s.dim || len(z) < n*s.dim || len(logDet) < n {
		panic(badLength)
	}
	u := s.conditioner(x, n)
	s.u, s.lastX = u, x
	na, d, r := s.na, s.dim, 3*s.k-1
	for i := range n {
		xi, zi := x[i*d:(i+1)*d], z[i*d:(i+1)*d]
		ld := 0.0
		for j := range na {
			s.knots(u[(i*na+j)*r:(i*na+j+1)*r], &s.kn)
			v, l := s.kn.eval(xi[j], s.bound)
			zi[j] = v
			ld += l
		}
		copy(zi[na:], xi[na:])
		logDet[i] += ld
	}
}

// Backward implements Layer. For one transformed value, F = g_z·g(x) +
// w·ln g′(x) is differentiated with respect to the bin-local quantities
// (ξ, s, h, y_k, d_k, d_k+1; see rqTerms), then through ξ = (x − x_k)/w_k
// and s = h/w to the knots, through the cumulative sums to the widths and
// heights, and through the softmax and softplus to the network outputs.
func (s *SplineCoupling) Backward(dx, dz []float64, w float64, n int) {
	na, d, r := s.na, s.dim, 3*s.k-1
	s.gu = growTo(s.gu, n*na*r)
	clear(s.gu)
	for i := range n {
		for j := range na {
			raw := s.u[(i*na+j)*r : (i*na+j+1)*r]
			gz := dz[i*d+j]
			xa := s.lastX[i*d+j]
			if xa < -s.bound || xa > s.bound {
				if dx != nil {
					dx[i*d+j] = gz
				}
				continue
			}
			s.knots(raw, &s.kn)
			t := s.kn.terms(xa)
			gx := s.backwardOne(t, gz, w, raw, s.gu[(i*na+j)*r:(i*na+j+1)*r])
			if dx != nil {
				dx[i*d+j] = gx
			}
		}
	}
	s.backwardConditioner(s.net, s.gu, dx, dz, n)
}

// backwardOne differentiates F = gz·g(x) + w·ln g′(x) at one point with
// terms t, adds ∂F/∂raw to graw (the 3K−1 network outputs of the feature)
// and returns ∂F/∂x.
func (s *SplineCoupling) backwardOne(t rqTerms, gz, w float64, raw, graw []float64) float64 {
	K, B := s.k, s.bound
	xi, sl, h, d0, d1 := t.xi, t.s, t.h, t.d0, t.d1
	om, tau, den, a, bq := 1-xi, t.tau, t.den, t.a, t.bq
	den2 := den * den
	sum := d1 + d0 - 2*sl
	aXi := 2*sl*xi + d0*(1-2*xi)
	denXi := sum * (1 - 2*xi)
	bqXi := 2*d1*xi + 2*sl*(1-2*xi) - 2*d0*om
	// Partials of g and of L = ln g′ with respect to the bin-local quantities.
	gXi := h * (aXi*den - a*denXi) / den2
	gS := h * (xi*xi*den - a*(1-2*tau)) / den2
	gD0 := h * tau * (den - a) / den2
	gD1 := -h * a * tau / den2
	gH := a / den
	lXi := bqXi/bq - 2*denXi/den
	lS := 2/sl + 2*tau/bq - 2*(1-2*tau)/den
	lD0 := om*om/bq - 2*tau/den
	lD1 := xi*xi/bq - 2*tau/den
	fXi, fS := gz*gXi+w*lXi, gz*gS+w*lS
	fH, fY := gz*gH, gz
	fD0, fD1 := gz*gD0+w*lD0, gz*gD1+w*lD1
	// ξ = (x − x_k)/w_k, s = h_k/w_k.
	bw := t.w
	fX := fXi / bw
	fXk := -fXi / bw
	fW := -(fXi*xi + fS*sl) / bw
	fHk := fH + fS/bw
	// Knot gradients: x_k, x_k+1 = x_k + w_k; y likewise; derivatives.
	gk := &s.gk
	clear(gk.x)
	clear(gk.y)
	clear(gk.d)
	k := t.k
	gk.x[k] += fXk - fW
	gk.x[k+1] += fW
	gk.y[k] += fY - fHk
	gk.y[k+1] += fHk
	gk.d[k] += fD0
	gk.d[k+1] += fD1
	// Inner knots are −B + 2B·(cumulative sum of the widths before them); the
	// end knots are fixed. Then through minP + (1 − K·minP)·softmax.
	s.softmaxBackward(graw[:K], gk.x, s.kn.pw, 2*B*(1-float64(K)*splineMinWidth))
	s.softmaxBackward(graw[K:2*K], gk.y, s.kn.ph, 2*B*(1-float64(K)*splineMinHeight))
	for i := 1; i < K; i++ {
		graw[2*K+i-1] += gk.d[i] * sigmoid(raw[2*K+i-1]+splineDerivOffset)
	}
	return fX
}

// softmaxBackward adds to graw the gradient of the softmax inputs, given
// the knot gradients gknot (K+1, of which the inner K−1 depend on the
// widths), the probabilities p and the factor c = ∂knot/∂p per width.
func (s *SplineCoupling) softmaxBackward(graw, gknot, p []float64, c float64) {
	K := len(p)
	// gp_i = c·Σ_{j=i+1}^{K−1} gknot_j, a suffix sum.
	gp := s.gk.pw // scratch of K values
	acc := 0.0
	for i := K - 1; i >= 0; i-- {
		gp[i] = c * acc
		if i >= 1 {
			acc += gknot[i]
		}
	}
	dot := 0.0
	for i := range K {
		dot += p[i] * gp[i]
	}
	for i := range K {
		graw[i] += p[i] * (gp[i] - dot)
	}
}

// SplineCurve is the monotone map of one transformed feature of a spline
// layer for one conditioning point: the rational-quadratic spline through
// the knots (X[k], Y[k]) with derivatives D[k], k = 0…K, on [−B, B] and the
// identity outside. It maps the layer's data side (x) to its base side (z);
// the layer's forward (sampling) direction is the inverse map, the same
// curve with the axes swapped.
type SplineCurve struct {
	Feature   int       `json:"feature"`    // index of the transformed feature
	X, Y, D   []float64 `json:"-"`          // knots and derivatives, K+1 each
	TailBound float64   `json:"tail_bound"` // B
}

// At returns the curve's value z = g(x) and slope g′(x).
func (c SplineCurve) At(x float64) (z, slope float64) {
	kn := splineKnots{x: c.X, y: c.Y, d: c.D}
	z, l := kn.eval(x, c.TailBound)
	return z, math.Exp(l)
}

// Curves returns the splines the layer applies to its transformed features
// for the conditioning features of row, one row of the layer's data-side
// input (Dim values; the transformed ones are ignored).
func (s *SplineCoupling) Curves(row []float64) []SplineCurve {
	if len(row) < s.dim {
		panic(badLength)
	}
	u := s.net.forward(append([]float64(nil), row[s.na:s.dim]...), 1)
	r := 3*s.k - 1
	out := make([]SplineCurve, s.na)
	for j := range s.na {
		kn := newSplineKnots(s.k)
		s.knots(u[j*r:(j+1)*r], &kn)
		out[j] = SplineCurve{Feature: j, X: kn.x, Y: kn.y, D: kn.d, TailBound: s.bound}
	}
	return out
}
