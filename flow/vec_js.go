package flow

import "flowlab/flow/internal/simd"

// On GOOS=js the gradient reduction and the Adam update run in the vector
// module of flow/internal/simd, in place on Go's slices; the Go loops run
// where it is unavailable, with the same bits.
func init() { vec = &vecAccel{} }

// vecAccel is the vector module's instance, made on first use.
type vecAccel struct{ v simd.Vector }

// ready reports whether the module runs on Go's memory.
func (v *vecAccel) ready() bool { return v.v.Ready() }

func (v *vecAccel) add(dst, x []float64) bool {
	if len(dst) == 0 || !v.ready() {
		return false
	}
	v.v.Add(dst, x)
	return true
}

func (v *vecAccel) adam(a *Adam, runs []int32, p, g []float64, lrt float64) bool {
	if len(runs) < 2 || !v.ready() {
		return false
	}
	a.consts = [6]float64{a.Beta1, a.Beta2, 1 - a.Beta1, 1 - a.Beta2, lrt, a.Eps}
	v.v.Adam(p, g, a.M, a.V, runs, &a.consts)
	return true
}
