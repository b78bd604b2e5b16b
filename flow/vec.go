package flow

// vectorOps runs the elementwise loops of a training step that sit on the
// critical path of data-parallel training (the reduction of the shares'
// gradients and the Adam update) faster on one platform: a WebAssembly SIMD
// module working in place on the Go program's own memory (vec_js.go and
// flow/internal/simd). A method returns false when it cannot take a call,
// which the Go loops then compute; when it returns true its results are
// bit-identical to theirs.
type vectorOps interface {
	// add computes dst += x elementwise (len(x) ≥ len(dst)).
	add(dst, x []float64) bool
	// adam applies a's update with the bias-corrected rate lrt to the
	// parameter ranges runs (pairs lo, hi) of p, given the gradients g.
	adam(a *Adam, runs []int32, p, g []float64, lrt float64) bool
}

// vec is the platform's vectorOps, or nil to always use the Go loops.
var vec vectorOps

// vecMinLen is the length below which the Go loops run: a call into the
// module costs a few microseconds. Tests lower it.
var vecMinLen = 4096

// Accelerators names the platform's accelerators that are running: "simd
// kernels" (the dense products in a WebAssembly SIMD module) and "vector ops"
// (the gradient reduction and Adam in SIMD on Go's memory). Natively, and
// where WebAssembly SIMD or the Go memory is unavailable, the list is empty.
func Accelerators() []string {
	var out []string
	if s, ok := accel.(interface{ ready() bool }); ok && s.ready() {
		out = append(out, "simd kernels")
	}
	if v, ok := vec.(interface{ ready() bool }); ok && v.ready() {
		out = append(out, "vector ops")
	}
	return out
}
