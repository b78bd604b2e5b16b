package flow

import "math/rand/v2"

// A Layer is one invertible step of a flow. Batches are n rows of Dim()
// values, row-major. Forward maps base-side z to data-side x and Inverse maps
// back; each adds its log-determinant per row to logDet. Output and input
// slices must not overlap.
//
// Training uses Inverse followed by Backward on the same batch: Backward
// back-propagates through the most recent Inverse call, whose input slice
// must still hold the same values, and accumulates parameter gradients into
// the slice given to Bind.
type Layer interface {
	// Dim is the number of features the layer maps.
	Dim() int
	// Forward computes x = f(z) and adds ln|det ∂x/∂z| per row to logDet.
	Forward(x, logDet, z []float64, n int)
	// Inverse computes z = f⁻¹(x) and adds ln|det ∂z/∂x| per row to logDet.
	Inverse(z, logDet, x []float64, n int)
	// Backward takes dz = ∂L/∂z for the last Inverse call and the weight w of
	// every row's log-determinant in the loss (L = … + w·Σ logDet), writes
	// dx = ∂L/∂x (unless dx is nil) and adds ∂L/∂θ to the bound gradients.
	Backward(dx, dz []float64, w float64, n int)
	// NumParams is the number of trainable parameters.
	NumParams() int
	// Bind makes the layer use params and grads (each NumParams long) as its
	// parameter and gradient storage.
	Bind(params, grads []float64)
	// Init draws initial parameters from rng.
	Init(rng *rand.Rand)
	// Info describes the layer for the inspector.
	Info() LayerInfo
}

// LayerInfo describes a layer for people: what kind it is and which features
// it changes.
type LayerInfo struct {
	Kind        string  `json:"kind"`                  // "coupling", "maf", "spline", "permute" or "standardize"
	Transformed []int   `json:"transformed,omitempty"` // features that are scaled and shifted
	Conditioner []int   `json:"conditioner,omitempty"` // features the scale and shift depend on (coupling)
	Perm        []int   `json:"perm,omitempty"`        // permutation: x_i = z_perm[i]
	Hidden      []int   `json:"hidden,omitempty"`      // hidden layer widths of the conditioner network
	Masks       [][]int `json:"masks,omitempty"`       // MADE: per dense layer, out×in 0/1 connectivity
	Params      int     `json:"params"`                // number of trainable parameters
	Bins        int     `json:"bins,omitempty"`        // spline: bins K per transformed feature
	TailBound   float64 `json:"tail_bound,omitempty"`  // spline: the curves act on [−B, B]
}

// saturationCounter is implemented by layers with tanh-bounded log-scales: it
// reports how many log-scales in the last Inverse call had |s| > 0.99, and of
// how many.
type saturationCounter interface {
	saturation() (saturated, total int)
}

// growTo returns buf if it holds n values, else a new slice of n values.
func growTo(buf []float64, n int) []float64 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]float64, n)
}
