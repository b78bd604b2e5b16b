package flow

import "fmt"

// Model kinds: the names of the registered families (see Families).
const (
	ModelRealNVP = "realnvp" // Real NVP affine coupling layers
	ModelMADE    = "made"    // MADE / masked autoregressive flow layers
	ModelSpline  = "spline"  // rational-quadratic neural spline coupling layers
)

// Base distributions of Config.Base.
const (
	BaseNormal = "normal" // the standard normal (also when Base is empty)
	BaseGMM    = "gmm"    // a Gaussian mixture fitted by EM before training (see GMMBase)
)

// Permutation kinds used between layers.
const (
	PermCyclic  = "cyclic"  // [d−1, 0, …, d−2]: the paper's [3 0 1 2]
	PermReverse = "reverse" // [d−1, …, 0]
	PermNone    = "none"    // no permutation (only sensible for tests)
)

// Config describes a flow's architecture. The zero value is not valid; see
// PaperRealNVP, PaperMADE and Validate.
type Config struct {
	Model       string `json:"model"`       // a family name: ModelRealNVP, ModelMADE or ModelSpline
	Dim         int    `json:"dim"`         // number of features, 1…64 (Real NVP and spline need ≥ 2)
	Layers      int    `json:"layers"`      // coupling or MAF layers, 1…64 (paper: 8)
	Hidden      int    `json:"hidden"`      // hidden layers per conditioner, 0…16 (paper: 4 Real NVP, 2 MADE)
	Units       int    `json:"units"`       // units per hidden layer, 1…4096 (paper: 100 Real NVP, 200 MADE)
	Permutation string `json:"permutation"` // PermCyclic (default when empty), PermReverse or PermNone

	// Spline only (zero: the defaults SplineDefaultBins, SplineDefaultTailBound).
	Bins      int     `json:"bins,omitempty"`       // spline bins K, 2…64
	TailBound float64 `json:"tail_bound,omitempty"` // the spline acts on [−B, B], identity outside; 0 < B ≤ 100

	// Base distribution (zero: the standard normal).
	Base           string `json:"base,omitempty"`            // BaseNormal (default when empty) or BaseGMM
	BaseComponents int    `json:"base_components,omitempty"` // BaseGMM: mixture components, 1…16 (default 3)
	TrainBase      bool   `json:"train_base,omitempty"`      // BaseGMM: train the mixture with the layers (false: frozen after EM)

	// Defensive is the weight w of the defensive mixture (zero: none; needs
	// BaseGMM): p(x) = (1−w)·p_flow(x) + w·p_start(x), where p_start is a
	// frozen copy of the EM mixture FitBase fitted, in the base space of the
	// identity layers (standardised units). It bounds ln p from below by
	// ln w + ln p_start, so the flow cannot have holes deeper than its start's.
	Defensive float64 `json:"defensive,omitempty"`
	// DefensiveSmooth is the share s of the defensive weight given to a
	// smoothed copy of the start (zero: none; needs Defensive > 0):
	// p_start = (1−s)·m + s·(m ⊛ K), where m is the EM start mixture and K
	// the Gaussian kernel of a kernel density estimate of the class's
	// training rows with Scott's bandwidth (variance Var[x_j]·n^(−2/(d+4)) per
	// feature; the convolution widens every covariance by it). Where the
	// training rows are few, the smoothed copy reaches the stars just beyond
	// them that m's tails miss (docs/EXPERIMENTS.md, rounds 3 and 4). The
	// start then has twice BaseComponents components.
	DefensiveSmooth float64 `json:"defensive_smooth,omitempty"`
	// DefensiveBandwidth is the smoothing kernel's width in units of Scott's
	// bandwidth, 0 < c ≤ DefensiveBandwidthMax (zero: 1; needs
	// DefensiveSmooth > 0): the kernel variance is c²·Var[x_j]·n^(−2/(d+4)).
	DefensiveBandwidth float64 `json:"defensive_bandwidth,omitempty"`
}

// Bandwidth returns the defensive smoothing kernel's width in units of
// Scott's bandwidth: Config.DefensiveBandwidth, or 1 when it is zero.
func (c Config) Bandwidth() float64 {
	if c.DefensiveBandwidth == 0 {
		return 1
	}
	return c.DefensiveBandwidth
}

// DefensiveMax is the largest defensive mixture weight and
// DefensiveBandwidthMax the widest smoothing kernel (in Scott's bandwidths)
// Config.Validate accepts.
const (
	DefensiveMax          = 0.5
	DefensiveBandwidthMax = 4
)

// PaperRealNVP is Table II's Real NVP for dim features: 8 layers, 4 hidden
// layers of 100 units, the cyclic permutation between layers.
func PaperRealNVP(dim int) Config {
	return Config{Model: ModelRealNVP, Dim: dim, Layers: 8, Hidden: 4, Units: 100, Permutation: PermCyclic}
}

// PaperMADE is Table II's MADE for dim features: 8 layers, 2 hidden layers of
// 200 units, the cyclic permutation between layers.
func PaperMADE(dim int) Config {
	return Config{Model: ModelMADE, Dim: dim, Layers: 8, Hidden: 2, Units: 200, Permutation: PermCyclic}
}

// Validate reports the first problem with c, wrapping ErrConfig.
func (c Config) Validate() error {
	bad := func(f string, a ...any) error { return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(f, a...)) }
	fam, ok := LookupFamily(c.Model)
	switch {
	case !ok:
		return bad("model %q is not %s", c.Model, quotedOrList(FamilyNames()))
	case c.Dim < 1 || c.Dim > 64:
		return bad("dim %d is outside 1…64", c.Dim)
	case c.Dim < fam.MinDim:
		return bad("%s needs at least %d features, got %d", fam.Title, fam.MinDim, c.Dim)
	case c.Layers < 1 || c.Layers > 64:
		return bad("layers %d is outside 1…64", c.Layers)
	case c.Hidden < 0 || c.Hidden > 16:
		return bad("hidden layers %d is outside 0…16", c.Hidden)
	case c.Units < 1 || c.Units > 4096:
		return bad("units %d is outside 1…4096", c.Units)
	}
	switch c.Permutation {
	case "", PermCyclic, PermReverse, PermNone:
	default:
		return bad("permutation %q is not %q, %q or %q", c.Permutation, PermCyclic, PermReverse, PermNone)
	}
	switch c.Base {
	case "", BaseNormal:
		if c.BaseComponents != 0 || c.TrainBase {
			return bad("base_components and train_base need base %q", BaseGMM)
		}
	case BaseGMM:
		if c.BaseComponents < 0 || c.BaseComponents > 16 {
			return bad("base components %d is outside 1…16", c.BaseComponents)
		}
	default:
		return bad("base %q is not %q or %q", c.Base, BaseNormal, BaseGMM)
	}
	switch {
	case !(c.Defensive >= 0 && c.Defensive <= DefensiveMax):
		return bad("defensive mixture weight %v is outside [0, %v]", c.Defensive, DefensiveMax)
	case c.Defensive > 0 && c.Base != BaseGMM:
		return bad("a defensive mixture needs base %q (it mixes in the EM-fitted start)", BaseGMM)
	case !(c.DefensiveSmooth >= 0 && c.DefensiveSmooth <= 1):
		return bad("defensive smoothing share %v is outside [0, 1]", c.DefensiveSmooth)
	case c.DefensiveSmooth > 0 && c.Defensive == 0:
		return bad("defensive smoothing needs a defensive mixture (defensive > 0)")
	case !(c.DefensiveBandwidth >= 0 && c.DefensiveBandwidth <= DefensiveBandwidthMax):
		return bad("defensive smoothing bandwidth %v is outside (0, %v] Scott's bandwidths", c.DefensiveBandwidth, DefensiveBandwidthMax)
	case c.DefensiveBandwidth > 0 && c.DefensiveSmooth == 0:
		return bad("a defensive smoothing bandwidth needs defensive smoothing (defensive_smooth > 0)")
	}
	if fam.Check != nil {
		if err := fam.Check(c); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
	} else if c.Bins != 0 || c.TailBound != 0 {
		return bad("bins and tail_bound belong to model %q", ModelSpline)
	}
	return nil
}

// withDefaults fills the zero fields that have defaults: the permutation, the
// base's components and the family's own fields.
func (c Config) withDefaults() Config {
	if c.Permutation == "" {
		c.Permutation = PermCyclic
	}
	if c.Base == BaseGMM && c.BaseComponents == 0 {
		c.BaseComponents = 3
	}
	if fam, ok := LookupFamily(c.Model); ok && fam.Defaults != nil {
		fam.Defaults(&c)
	}
	return c
}

// hiddenSizes returns the conditioner's hidden widths.
func (c Config) hiddenSizes() []int {
	h := make([]int, c.Hidden)
	for i := range h {
		h[i] = c.Units
	}
	return h
}

// perm returns the permutation placed between layers, or nil for none.
func (c Config) perm() []int {
	switch c.Permutation {
	case PermReverse:
		return ReversePerm(c.Dim)
	case PermNone:
		return nil
	}
	return CyclicPerm(c.Dim)
}
