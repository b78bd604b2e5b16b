//go:build js && wasm

package simd

import (
	"syscall/js"
	"unsafe"
)

// onGoMemory instantiates the module code with the Go program's memory as its
// import "env" "mem" and returns its exports; false when the host did not
// expose the memory as globalThis.flowlabGoMemory, or WebAssembly (SIMD)
// refuses the module.
func onGoMemory(code []byte) (exports js.Value, ok bool) {
	defer func() {
		if recover() != nil {
			exports, ok = js.Undefined(), false
		}
	}()
	mem := js.Global().Get("flowlabGoMemory")
	wa := js.Global().Get("WebAssembly")
	if wa.IsUndefined() || mem.IsUndefined() || !mem.InstanceOf(wa.Get("Memory")) {
		return js.Undefined(), false
	}
	buf := js.Global().Get("Uint8Array").New(len(code))
	js.CopyBytesToJS(buf, code)
	env := js.Global().Get("Object").New()
	env.Set("mem", mem)
	imports := js.Global().Get("Object").New()
	imports.Set("env", env)
	return wa.Get("Instance").New(wa.Get("Module").New(buf), imports).Get("exports"), true
}

// Addr returns the address of x[0] in the wasm memory, as the modules take it.
func Addr(x []float64) int { return int(uintptr(unsafe.Pointer(&x[0]))) }

// Kernels is KernelsModule instantiated on Go's memory (on first use) and
// the list of operations for its run function. It is not safe for
// concurrent use.
type Kernels struct {
	tried bool
	run   js.Value // undefined if unavailable
	list  []int32  // operation list being built: count, then records
}

// Ready instantiates the module on first use and reports whether it runs: a
// ReLU through it must change a Go array.
func (k *Kernels) Ready() bool {
	if !k.tried {
		k.tried = true
		k.run = js.Undefined()
		if exports, ok := onGoMemory(kernelsWasm); ok {
			k.run = exports.Get("run")
			probe := []float64{-1, 2}
			k.Op(OpReLU, Addr(probe), 2)
			k.Exec()
			if probe[0] != 0 || probe[1] != 2 {
				k.run = js.Undefined()
			}
		}
	}
	return !k.run.IsUndefined()
}

// Op appends an operation of kind (OpGemm, …) with its arguments (at most OpWords).
func (k *Kernels) Op(kind int, args ...int) {
	if len(k.list) == 0 {
		k.list = append(k.list, 0)
	}
	k.list = append(k.list, int32(kind))
	for _, a := range args {
		k.list = append(k.list, int32(a))
	}
	for range OpWords - len(args) {
		k.list = append(k.list, 0)
	}
	k.list[0]++
}

// Exec runs and empties the operation list.
func (k *Kernels) Exec() {
	if len(k.list) > 0 && k.list[0] > 0 {
		k.run.Invoke(int(uintptr(unsafe.Pointer(&k.list[0]))))
	}
	k.list = k.list[:0]
}

// Vector is VectorModule instantiated on Go's memory (on first use).
type Vector struct {
	tried bool
	addF  js.Value // undefined when the module is unavailable
	adamF js.Value
}

// Ready instantiates the module on first use and reports whether it runs on
// Go's memory: a probe addition through it must change a Go array.
func (v *Vector) Ready() bool {
	if v.tried {
		return !v.addF.IsUndefined()
	}
	v.tried = true
	v.addF, v.adamF = js.Undefined(), js.Undefined()
	exports, ok := onGoMemory(vectorWasm)
	if !ok {
		return false
	}
	v.addF, v.adamF = exports.Get("add"), exports.Get("adam")
	probe := []float64{1.5, 2.25}
	v.addF.Invoke(Addr(probe), Addr(probe[1:]), 1)
	if probe[0] != 3.75 {
		v.addF, v.adamF = js.Undefined(), js.Undefined()
	}
	return !v.addF.IsUndefined()
}

// Add computes dst += x for len(dst) elements (len(dst) > 0; call Ready first).
func (v *Vector) Add(dst, x []float64) { v.addF.Invoke(Addr(dst), Addr(x), len(dst)) }

// Adam runs the module's Adam update (see the module's description) on the
// parameter ranges runs (int32 pairs lo, hi; at least one) with the moments
// m and v and consts = [β1, β2, 1−β1, 1−β2, lrt, ε] (call Ready first).
func (v *Vector) Adam(p, g, m, vv []float64, runs []int32, consts *[6]float64) {
	v.adamF.Invoke(Addr(p), Addr(g), Addr(m), Addr(vv), int(uintptr(unsafe.Pointer(&runs[0]))), len(runs)/2, Addr(consts[:]))
}
