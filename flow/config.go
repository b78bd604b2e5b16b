package flow

import "fmt"

// Model kinds.
const (
	ModelRealNVP = "realnvp" // Real NVP affine coupling layers
	ModelMADE    = "made"    // MADE / masked autoregressive flow layers
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
	Model       string `json:"model"`       // ModelRealNVP or ModelMADE
	Dim         int    `json:"dim"`         // number of features, 1…64 (Real NVP needs ≥ 2)
	Layers      int    `json:"layers"`      // coupling or MAF layers, 1…64 (paper: 8)
	Hidden      int    `json:"hidden"`      // hidden layers per conditioner, 0…16 (paper: 4 Real NVP, 2 MADE)
	Units       int    `json:"units"`       // units per hidden layer, 1…4096 (paper: 100 Real NVP, 200 MADE)
	Permutation string `json:"permutation"` // PermCyclic (default when empty), PermReverse or PermNone
}

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
	switch {
	case c.Model != ModelRealNVP && c.Model != ModelMADE:
		return bad("model %q is not %q or %q", c.Model, ModelRealNVP, ModelMADE)
	case c.Dim < 1 || c.Dim > 64:
		return bad("dim %d is outside 1…64", c.Dim)
	case c.Model == ModelRealNVP && c.Dim < 2:
		return bad("Real NVP needs at least 2 features, got %d", c.Dim)
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
	return nil
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
