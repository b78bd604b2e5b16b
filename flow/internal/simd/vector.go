//go:build !js

package simd

// The vector module runs the gradient reduction and the Adam update with
// WebAssembly SIMD directly on Go's slices: it imports the Go program's own
// memory, so nothing is copied. Go cannot find its own WebAssembly.Memory,
// so the host page or worker exposes it as globalThis.flowlabGoMemory before
// starting Go (assets/boot.js, wasm/worker/worker.js, wasm/testexec);
// without it the Go loops run.
//
// Functions (all arguments i32 byte addresses or counts):
//
//	add  dst src n                       dst[i] += src[i], i < n
//	adam p g m v runs nruns consts       for each range [lo, hi) of the nruns
//	     int32 pairs at runs, for i in it: m = β1·m + (1−β1)·g;
//	     v = β2·v + ((1−β2)·g)·g; p = p − (lrt·m)/(√v + ε), with
//	     consts = [β1, β2, 1−β1, 1−β2, lrt, ε] (f64)
//
// Two elements at a time in f64x2 lanes, then one; each element gets exactly
// the operations of the Go loops in the same order, so the bits agree.

// Opcodes used by the vector module beyond those of module.go.
const (
	opF64Sqrt   = 0x9f
	opF64Sub    = 0xa1
	opF64Div    = 0xa3
	simdF64Sqrt = 0xef // f64x2.sqrt
	simdF64Sub  = 0xf1 // f64x2.sub
	simdF64Div  = 0xf3 // f64x2.div
)

// VectorModule returns the binary vector module described above.
func VectorModule() []byte {
	return wasmModule([]*wasmFunc{vecAddFunc(), vecAdamFunc()}, goMemoryImport(), nil,
		wasmExport("add", 0, 0), wasmExport("adam", 0, 1))
}

// vecAddFunc assembles add (parameters dst, src, n).
func vecAddFunc() *wasmFunc {
	f := &wasmFunc{nparams: 3}
	const dst, src, n = 0, 1, 2
	f.loop(func() { f.get(n); f.i32(2); f.op(opI32LtU) }, func() {
		f.get(dst)
		f.get(dst)
		f.loadV(0)
		f.get(src)
		f.loadV(0)
		f.simd(simdF64Add)
		f.storeV(0)
		f.addConst(dst, 16)
		f.addConst(src, 16)
		f.addConst(n, -2)
	})
	f.unless(func() { f.get(n); f.op(opI32Eqz) }, func() {
		f.get(dst)
		f.get(dst)
		f.loadF64(0)
		f.get(src)
		f.loadF64(0)
		f.op(opF64Add)
		f.storeF64(0)
	})
	return f
}

// vecAdamFunc assembles adam (parameters p, g, m, v, runs, nruns, consts).
func vecAdamFunc() *wasmFunc {
	f := &wasmFunc{nparams: 7}
	const p, g, m, v, runs, nruns, consts = 0, 1, 2, 3, 4, 5, 6
	r, lo, n := f.local(wI32), f.local(wI32), f.local(wI32)
	pp, pg, pm, pv := f.local(wI32), f.local(wI32), f.local(wI32), f.local(wI32)
	var cv, cs [6]uint32 // the constants splat into both lanes, and as scalars
	for q := range cv {
		cv[q] = f.local(wV128)
		f.get(consts)
		f.simd(simdLoadSplat)
		f.mem(3, uint32(8*q))
		f.set(cv[q])
	}
	for q := range cs {
		cs[q] = f.local(wF64)
		f.get(consts)
		f.loadF64(uint32(8 * q))
		f.set(cs[q])
	}
	const b1, b2, c1, c2, lrt, eps = 0, 1, 2, 3, 4, 5
	xg, xm, xv := f.local(wV128), f.local(wV128), f.local(wV128)
	sg, sm, sv := f.local(wF64), f.local(wF64), f.local(wF64)

	// step emits one update of the element(s) at pp, pg, pm, pv, with the
	// vector or the scalar instructions.
	step := func(vector bool) {
		load, store := f.loadF64, f.storeF64
		add, sub, mul, div, sqrt := func() { f.op(opF64Add) }, func() { f.op(opF64Sub) }, func() { f.op(opF64Mul) }, func() { f.op(opF64Div) }, func() { f.op(opF64Sqrt) }
		c, x := cs, [3]uint32{sg, sm, sv}
		if vector {
			load, store = f.loadV, f.storeV
			add, sub, mul, div, sqrt = func() { f.simd(simdF64Add) }, func() { f.simd(simdF64Sub) }, func() { f.simd(simdF64Mul) }, func() { f.simd(simdF64Div) }, func() { f.simd(simdF64Sqrt) }
			c, x = cv, [3]uint32{xg, xm, xv}
		}
		f.get(pg)
		load(0)
		f.set(x[0])
		// moment emits *ptr = β·*ptr + (coef·g)[·g] and keeps it in out.
		moment := func(ptr, beta, coef, out uint32, squared bool) {
			f.get(ptr)
			f.get(beta)
			f.get(ptr)
			load(0)
			mul()
			f.get(coef)
			f.get(x[0])
			mul()
			if squared {
				f.get(x[0])
				mul()
			}
			add()
			f.set(out)
			f.get(out)
			store(0)
		}
		moment(pm, c[b1], c[c1], x[1], false) // m = β1·m + (1−β1)·g
		moment(pv, c[b2], c[c2], x[2], true)  // v = β2·v + ((1−β2)·g)·g
		// p = p − (lrt·m)/(√v + ε)
		f.get(pp)
		f.get(pp)
		load(0)
		f.get(c[lrt])
		f.get(x[1])
		mul()
		f.get(x[2])
		sqrt()
		f.get(c[eps])
		add()
		div()
		sub()
		store(0)
	}
	offset := func(base, dst uint32) {
		f.get(base)
		f.get(lo)
		f.i32(3)
		f.op(opI32Shl)
		f.op(opI32Add)
		f.set(dst)
	}
	f.loop(func() { f.get(r); f.get(nruns); f.op(opI32GeU) }, func() {
		// lo, n from the run's pair
		f.get(runs)
		f.get(r)
		f.i32(3)
		f.op(opI32Shl)
		f.op(opI32Add)
		f.set(n) // n holds the pair's address for a moment
		f.get(n)
		f.loadI32(0)
		f.set(lo)
		f.get(n)
		f.loadI32(4)
		f.get(lo)
		f.op(opI32Sub)
		f.set(n)
		offset(p, pp)
		offset(g, pg)
		offset(m, pm)
		offset(v, pv)
		f.loop(func() { f.get(n); f.i32(2); f.op(opI32LtU) }, func() {
			step(true)
			for _, l := range []uint32{pp, pg, pm, pv} {
				f.addConst(l, 16)
			}
			f.addConst(n, -2)
		})
		f.unless(func() { f.get(n); f.op(opI32Eqz) }, func() { step(false) })
		f.addConst(r, 1)
	})
	return f
}
