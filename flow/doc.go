// Package flow is Flow Lab's normalizing-flow engine: invertible layers (Real NVP
// affine coupling, MADE/MAF, rational-quadratic spline coupling, permutations, a
// fixed standardisation), flows built as chains of them on a standard-normal or
// Gaussian-mixture base, exact gradients of the negative log-likelihood, Adam,
// learning-rate schedules and a training loop with a numerical guard.
//
// # Direction
//
// A flow maps the base space (z; a standard normal, or the mixture of
// GMMBase) to the data space (x):
//
//	x = f(z) = f_{K-1}( … f_1( f_0(z) ) … )
//
// Forward always means base → data (sampling) and Inverse always means
// data → base (density). Layers[0] sits next to the base, Layers[K-1] next to
// the data. By the change of variables (paper eq. in §II.A),
//
//	ln p(x) = ln p_base(z) + Σ_k ln|det ∂z_k/∂x_k|,
//
// where the sum runs over the layers' inverse log-determinants.
//
// # Families
//
// Config.Model names a family (family.go): a constructor of one layer that
// New stacks Config.Layers times with permutations in between. Each family
// registers itself from its own file (coupling.go, maf.go, spline.go), so a
// new family is one new file.
//
// # Layout
//
// Batches are flat, row-major []float64: n rows of Dim values. Functions that
// write results take the destination first and allocate nothing once their
// workspace has grown to the batch size. Randomness is always passed in as a
// *rand.Rand; the same seed gives bit-identical results on every run on the
// same platform, since the engine's numerics use no goroutines or maps and
// add in a fixed order. Native amd64 and WebAssembly builds agree to rounding
// but not always to the last bit: Go's math.Exp has an assembly version on
// amd64 and a pure-Go one in wasm, so the CLI and the page can differ in the
// last digits of a loss or a score.
package flow
