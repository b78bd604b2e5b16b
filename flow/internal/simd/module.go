//go:build !js

package simd

import (
	"encoding/binary"
	"math"
)

// KernelsModule is the WebAssembly SIMD module behind the flow package's
// dense products (flow/kernels_js.go drives it through Kernels). It is
// assembled here by a small encoder when `go generate` runs (gen/ writes
// kernels.wasm, which ops.go embeds): no external tool. The module imports the Go program's own memory (as the
// vector module of vector.go does), so it works on Go's slices in place, and
// exports one function, "run", which executes the list of operations at the
// address it is given:
//
//	i32 count, then count records of 12 i32: kind, then kind's arguments
//
//	kind 1  gemm   c ldc a ars aps b ldb n m k init ldi
//	        c[i][j] = init[i][j] + Σ_p a[i][p]·b[p][j]  for i < n, j < m, p < k,
//	        where c[i][j] is at c + 8(i·ldc + j), a[i][p] at a + 8(i·ars + p·aps),
//	        b[p][j] at b + 8(p·ldb + j), init[i][j] at init + 8(i·ldi + j), and
//	        init = 0 means zero. Pointers are byte addresses, strides elements.
//	kind 2  relu   c count          c[q] = c[q] < 0 ? 0 : c[q]
//	kind 3  mask   c act count      c[q] = act[q] <= 0 ? 0 : c[q]
//	kind 4  colsum dst src rows cols ld   dst[j] += src[i][j], i increasing
//
// gemm computes 2×8 blocks of c in eight f64x2 accumulators (then 2×4, 2×2
// and 2×1 blocks for the last columns, and the same with one row for an odd
// last row), vectorised across columns j. Each element is one accumulator that
// adds its products in increasing p from its initial value, with separate
// multiply and add (no fused multiply-add), exactly as mulNT: the results are
// bit-identical to the Go kernels. a[i][p] is loaded into both lanes with
// v128.load64_splat. relu uses f64x2.pmax and mask a ≤ compare, which treat
// NaN and −0 as relu0 and masked do; they are separate passes (applying them
// in each block, through a call, measured 5–7% slower).
//
// The module must stay under 4 KB: browsers compile larger modules
// synchronously only off the main thread, and the page also evaluates flows
// on its main thread (TestSIMDModuleSize).

// WebAssembly value types and opcodes used by the encoder.
const (
	wI32  = 0x7f
	wF64  = 0x7c
	wV128 = 0x7b

	opBlock    = 0x02
	opLoop     = 0x03
	opEnd      = 0x0b
	opBr       = 0x0c
	opBrIf     = 0x0d
	opCall     = 0x10
	opSelect   = 0x1b
	opLocalGet = 0x20
	opLocalSet = 0x21
	opI32Load  = 0x28
	opF64Load  = 0x2b
	opF64Store = 0x39
	opI32Const = 0x41
	opF64Const = 0x44
	opI32Eqz   = 0x45
	opI32Eq    = 0x46
	opI32LtU   = 0x49
	opI32GtU   = 0x4b
	opI32GeU   = 0x4f
	opF64Lt    = 0x63
	opF64Le    = 0x65
	opI32Add   = 0x6a
	opI32Sub   = 0x6b
	opI32Mul   = 0x6c
	opI32Shl   = 0x74
	opF64Add   = 0xa0
	opF64Mul   = 0xa2
	opSIMD     = 0xfd

	simdLoad      = 0x00
	simdStore     = 0x0b
	simdConst     = 0x0c
	simdLoadSplat = 0x0a // v128.load64_splat
	simdF64Le     = 0x4b // f64x2.le
	simdAndNot    = 0x4f // v128.andnot
	simdF64Add    = 0xf0 // f64x2.add
	simdF64Mul    = 0xf2 // f64x2.mul
	simdF64PMax   = 0xf7 // f64x2.pmax
)

// wasmFunc is the body of one function being assembled: its locals beyond
// the parameters, and its code.
type wasmFunc struct {
	nparams int
	locals  []byte // type of each local after the parameters
	code    []byte
}

func (f *wasmFunc) local(t byte) uint32 {
	f.locals = append(f.locals, t)
	return uint32(f.nparams + len(f.locals) - 1)
}

func (f *wasmFunc) op(b ...byte) { f.code = append(f.code, b...) }

func (f *wasmFunc) u32(v uint32) { f.code = binary.AppendUvarint(f.code, uint64(v)) }

func (f *wasmFunc) get(l uint32) { f.op(opLocalGet); f.u32(l) }

func (f *wasmFunc) set(l uint32) { f.op(opLocalSet); f.u32(l) }

func (f *wasmFunc) i32(v int32) {
	f.op(opI32Const)
	for x := int64(v); ; x >>= 7 { // signed LEB128
		c := byte(x & 0x7f)
		if last := x >> 7; (last == 0 && c&0x40 == 0) || (last == -1 && c&0x40 != 0) {
			f.code = append(f.code, c)
			return
		}
		f.code = append(f.code, c|0x80)
	}
}

func (f *wasmFunc) simd(op uint32) { f.op(opSIMD); f.u32(op) }

// mem emits a memory instruction with its alignment exponent and offset.
func (f *wasmFunc) mem(align, offset uint32) { f.u32(align); f.u32(offset) }

func (f *wasmFunc) loadF64(offset uint32)  { f.op(opF64Load); f.mem(3, offset) }
func (f *wasmFunc) storeF64(offset uint32) { f.op(opF64Store); f.mem(3, offset) }
func (f *wasmFunc) loadV(offset uint32)    { f.simd(simdLoad); f.mem(4, offset) }
func (f *wasmFunc) storeV(offset uint32)   { f.simd(simdStore); f.mem(4, offset) }
func (f *wasmFunc) loadI32(offset uint32)  { f.op(opI32Load); f.mem(2, offset) }

func (f *wasmFunc) zeroV() { f.simd(simdConst); f.op(make([]byte, 16)...) }

func (f *wasmFunc) zeroF64() {
	f.op(opF64Const)
	f.code = binary.LittleEndian.AppendUint64(f.code, math.Float64bits(0))
}

// addConst emits l = l + v for an i32 local l and constant v.
func (f *wasmFunc) addConst(l uint32, v int32) {
	f.get(l)
	f.i32(v)
	f.op(opI32Add)
	f.set(l)
}

// addLocal emits l = l + x for i32 locals.
func (f *wasmFunc) addLocal(l, x uint32) {
	f.get(l)
	f.get(x)
	f.op(opI32Add)
	f.set(l)
}

// loop emits block { loop { br_if exit cond; body; br loop } }, where cond
// leaves an i32 on the stack that is nonzero to leave the loop.
func (f *wasmFunc) loop(cond, body func()) {
	f.op(opBlock, 0x40, opLoop, 0x40)
	cond()
	f.op(opBrIf, 1)
	body()
	f.op(opBr, 0, opEnd, opEnd)
}

// unless emits block { br_if exit skip; body }: body runs when the i32 that
// skip leaves on the stack is zero.
func (f *wasmFunc) unless(skip, body func()) {
	f.op(opBlock, 0x40)
	skip()
	f.op(opBrIf, 0)
	body()
	f.op(opEnd)
}

// gemmFunc assembles gemm. Its parameters are the 12 arguments of the gemm
// operation, all i32.
func gemmFunc() *wasmFunc {
	f := &wasmFunc{nparams: 12}
	const (
		c, ldc, a, ars, aps, b, ldb, n, m, k, init, ldi = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	)
	i, j, p := f.local(wI32), f.local(wI32), f.local(wI32)
	pa0, pa1, pb, pc, pi := f.local(wI32), f.local(wI32), f.local(wI32), f.local(wI32), f.local(wI32)
	var vacc [2][4]uint32
	var vx [2]uint32
	var vy [4]uint32
	for r := range vacc {
		for v := range vacc[r] {
			vacc[r][v] = f.local(wV128)
		}
		vx[r] = f.local(wV128)
	}
	for v := range vy {
		vy[v] = f.local(wV128)
	}
	var sacc, sx [2]uint32
	for r := range sacc {
		sacc[r], sx[r] = f.local(wF64), f.local(wF64)
	}
	sy := f.local(wF64)

	// Strides to bytes.
	for _, l := range []uint32{ldc, ars, aps, ldb, ldi} {
		f.get(l)
		f.i32(3)
		f.op(opI32Shl)
		f.set(l)
	}

	// block emits the R×W block at rows i…, columns j… (W = 8, 4, 2 or 1).
	block := func(R, W int) {
		V := W / 2
		// pa0 = a + i·ars, pa1 = pa0 + ars, pb = b + 8j.
		f.get(a)
		f.get(i)
		f.get(ars)
		f.op(opI32Mul, opI32Add)
		f.set(pa0)
		f.get(pa0)
		f.get(ars)
		f.op(opI32Add)
		f.set(pa1)
		f.get(b)
		f.get(j)
		f.i32(3)
		f.op(opI32Shl, opI32Add)
		f.set(pb)
		// Accumulators: zero, or init[i+r][j…].
		for r := range R {
			if V > 0 {
				for v := range V {
					f.zeroV()
					f.set(vacc[r][v])
				}
			} else {
				f.zeroF64()
				f.set(sacc[r])
			}
		}
		f.unless(func() { f.get(init); f.op(opI32Eqz) }, func() {
			// pi = init + i·ldi + 8j
			f.get(init)
			f.get(i)
			f.get(ldi)
			f.op(opI32Mul, opI32Add)
			f.get(j)
			f.i32(3)
			f.op(opI32Shl, opI32Add)
			f.set(pi)
			for r := range R {
				for v := range max(V, 1) {
					f.get(pi)
					if V > 0 {
						f.loadV(uint32(16 * v))
						f.set(vacc[r][v])
					} else {
						f.loadF64(0)
						f.set(sacc[r])
					}
				}
				if r+1 < R {
					f.addLocal(pi, ldi)
				}
			}
		})
		// for p = k; p != 0; p-- { acc += a[i+r][p]·b[p][j…] }
		step := func() {
			pa := [2]uint32{pa0, pa1}
			for r := range R {
				f.get(pa[r])
				if V > 0 {
					f.simd(simdLoadSplat)
					f.mem(3, 0)
					f.set(vx[r])
				} else {
					f.loadF64(0)
					f.set(sx[r])
				}
			}
			for v := range V {
				f.get(pb)
				f.loadV(uint32(16 * v))
				f.set(vy[v])
			}
			if V == 0 {
				f.get(pb)
				f.loadF64(0)
				f.set(sy)
			}
			for r := range R {
				if V == 0 {
					f.get(sacc[r])
					f.get(sx[r])
					f.get(sy)
					f.op(opF64Mul, opF64Add)
					f.set(sacc[r])
				}
				for v := range V {
					f.get(vacc[r][v])
					f.get(vx[r])
					f.get(vy[v])
					f.simd(simdF64Mul)
					f.simd(simdF64Add)
					f.set(vacc[r][v])
				}
			}
			for r := range R {
				f.addLocal(pa[r], aps)
			}
			f.addLocal(pb, ldb)
		}
		f.get(k)
		f.set(p)
		f.loop(func() { f.get(p); f.op(opI32Eqz) }, func() {
			step()
			f.addConst(p, -1)
		})
		// pc = c + i·ldc + 8j; store.
		f.get(c)
		f.get(i)
		f.get(ldc)
		f.op(opI32Mul, opI32Add)
		f.get(j)
		f.i32(3)
		f.op(opI32Shl, opI32Add)
		f.set(pc)
		for r := range R {
			if V == 0 {
				f.get(pc)
				f.get(sacc[r])
				f.storeF64(0)
			}
			for v := range V {
				f.get(pc)
				f.get(vacc[r][v])
				f.storeV(uint32(16 * v))
			}
			if r+1 < R {
				f.addLocal(pc, ldc)
			}
		}
	}
	// rows emits all column blocks of R rows starting at i.
	rows := func(R int) {
		f.i32(0)
		f.set(j)
		for _, W := range []int{8, 4, 2} {
			f.loop(func() {
				f.get(j)
				f.i32(int32(W))
				f.op(opI32Add)
				f.get(m)
				f.op(opI32GtU)
			}, func() {
				block(R, W)
				f.addConst(j, int32(W))
			})
		}
		f.unless(func() { f.get(j); f.get(m); f.op(opI32GeU) }, func() { block(R, 1) })
	}
	f.i32(0)
	f.set(i)
	f.loop(func() {
		f.get(i)
		f.i32(2)
		f.op(opI32Add)
		f.get(n)
		f.op(opI32GtU)
	}, func() {
		rows(2)
		f.addConst(i, 2)
	})
	f.unless(func() { f.get(i); f.get(n); f.op(opI32GeU) }, func() { rows(1) })
	return f
}

// elementwiseFunc assembles relu (withAct false: parameters c, count) or mask
// (parameters c, act, count).
func elementwiseFunc(withAct bool) *wasmFunc {
	np := 2
	if withAct {
		np = 3
	}
	f := &wasmFunc{nparams: np}
	c, act, count := uint32(0), uint32(1), uint32(np-1)
	// vector loop over pairs, then one scalar.
	f.loop(func() { f.get(count); f.i32(2); f.op(opI32LtU) }, func() {
		f.get(c)
		f.get(c)
		f.loadV(0)
		if withAct {
			f.get(act)
			f.loadV(0)
			f.zeroV()
			f.simd(simdF64Le)
			f.simd(simdAndNot)
		} else {
			f.zeroV()
			f.simd(simdF64PMax)
		}
		f.storeV(0)
		f.addConst(c, 16)
		if withAct {
			f.addConst(act, 16)
		}
		f.addConst(count, -2)
	})
	f.unless(func() { f.get(count); f.op(opI32Eqz) }, func() {
		f.get(c)
		f.zeroF64()
		f.get(c)
		f.loadF64(0)
		if withAct {
			f.get(act)
		} else {
			f.get(c)
		}
		f.loadF64(0)
		f.zeroF64()
		if withAct {
			f.op(opF64Le)
		} else {
			f.op(opF64Lt)
		}
		f.op(opSelect)
		f.storeF64(0)
	})
	return f
}

// colSumFunc assembles colsum (parameters dst, src, rows, cols, ld). Each
// sweep down the rows sums 8 columns in four f64x2 accumulators, then 2, then
// the last column alone.
func colSumFunc() *wasmFunc {
	f := &wasmFunc{nparams: 5}
	const dst, src, rows, cols, ld = 0, 1, 2, 3, 4
	i, ps := f.local(wI32), f.local(wI32)
	var acc [4]uint32
	for v := range acc {
		acc[v] = f.local(wV128)
	}
	sacc := f.local(wF64)
	f.get(ld)
	f.i32(3)
	f.op(opI32Shl)
	f.set(ld)
	// columns sums W columns (8, 2 or 1) at dst, src.
	columns := func(W int) {
		V := W / 2
		for v := range V {
			f.get(dst)
			f.loadV(uint32(16 * v))
			f.set(acc[v])
		}
		if V == 0 {
			f.get(dst)
			f.loadF64(0)
			f.set(sacc)
		}
		f.get(src)
		f.set(ps)
		f.get(rows)
		f.set(i)
		f.loop(func() { f.get(i); f.op(opI32Eqz) }, func() {
			for v := range V {
				f.get(acc[v])
				f.get(ps)
				f.loadV(uint32(16 * v))
				f.simd(simdF64Add)
				f.set(acc[v])
			}
			if V == 0 {
				f.get(sacc)
				f.get(ps)
				f.loadF64(0)
				f.op(opF64Add)
				f.set(sacc)
			}
			f.addLocal(ps, ld)
			f.addConst(i, -1)
		})
		for v := range V {
			f.get(dst)
			f.get(acc[v])
			f.storeV(uint32(16 * v))
		}
		if V == 0 {
			f.get(dst)
			f.get(sacc)
			f.storeF64(0)
		}
	}
	for _, W := range []int{8, 2} {
		f.loop(func() { f.get(cols); f.i32(int32(W)); f.op(opI32LtU) }, func() {
			columns(W)
			f.addConst(dst, int32(8*W))
			f.addConst(src, int32(8*W))
			f.addConst(cols, int32(-W))
		})
	}
	f.unless(func() { f.get(cols); f.op(opI32Eqz) }, func() { columns(1) })
	return f
}

// runFunc assembles run (parameter: the list's address), which executes the
// operation list by calling the functions gemm (index 1), relu (2), mask (3)
// and colsum (4).
func runFunc() *wasmFunc {
	f := &wasmFunc{nparams: 1}
	const list = 0
	q, left, kind := f.local(wI32), f.local(wI32), f.local(wI32)
	f.get(list)
	f.loadI32(0)
	f.set(left)
	f.get(list)
	f.i32(4)
	f.op(opI32Add)
	f.set(q)
	args := func(n int) {
		for a := range n {
			f.get(q)
			f.loadI32(uint32(4 * (1 + a)))
		}
	}
	f.loop(func() { f.get(left); f.op(opI32Eqz) }, func() {
		f.get(q)
		f.loadI32(0)
		f.set(kind)
		for _, c := range []struct {
			kind, nargs int
		}{{OpGemm, 12}, {OpReLU, 2}, {OpMask, 3}, {OpColSum, 5}} {
			f.op(opBlock, 0x40)
			f.get(kind)
			f.i32(int32(c.kind))
			f.op(opI32Eq, opI32Eqz, opBrIf, 0)
			args(c.nargs)
			f.op(opCall)
			f.u32(uint32(c.kind))
			f.op(opEnd)
		}
		f.addConst(q, 4*(1+OpWords))
		f.addConst(left, -1)
	})
	return f
}

// KernelsModule returns the binary WebAssembly module described above.
func KernelsModule() []byte {
	funcs := []*wasmFunc{runFunc(), gemmFunc(), elementwiseFunc(false), elementwiseFunc(true), colSumFunc()}
	return wasmModule(funcs, goMemoryImport(), nil, wasmExport("run", 0, 0))
}

// wasmModule assembles a module of funcs (all parameters i32, no results)
// with the given import and memory sections (either may be nil) and exports.
func wasmModule(funcs []*wasmFunc, imports, memory []byte, exports ...[]byte) []byte {
	var types, fidx, codes [][]byte
	for q, f := range funcs {
		params := make([]byte, f.nparams)
		for i := range params {
			params[i] = wI32
		}
		types = append(types, append(append([]byte{0x60}, wasmVec(bytesEach(params)...)...), 0))
		fidx = append(fidx, binary.AppendUvarint(nil, uint64(q)))
		var locals [][]byte
		for _, t := range f.locals {
			locals = append(locals, []byte{1, t})
		}
		body := append(wasmVec(locals...), f.code...)
		body = append(body, opEnd)
		codes = append(codes, append(binary.AppendUvarint(nil, uint64(len(body))), body...))
	}
	mod := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	mod = append(mod, wasmSection(1, wasmVec(types...))...)
	mod = append(mod, imports...)
	mod = append(mod, wasmSection(3, wasmVec(fidx...))...)
	mod = append(mod, memory...)
	mod = append(mod, wasmSection(7, wasmVec(exports...))...)
	mod = append(mod, wasmSection(10, wasmVec(codes...))...)
	return mod
}

// goMemoryImport is the import section of a module that works on the Go
// program's memory: "env" "mem", a memory of at least 0 pages.
func goMemoryImport() []byte {
	return wasmSection(2, wasmVec(append(append(wasmName("env"), wasmName("mem")...), 2, 0, 0)))
}

// wasmVec encodes a vector: its length, then the items.
func wasmVec(items ...[]byte) []byte {
	out := binary.AppendUvarint(nil, uint64(len(items)))
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

// wasmSection encodes a section with its id and size.
func wasmSection(id byte, body []byte) []byte {
	return append(binary.AppendUvarint([]byte{id}, uint64(len(body))), body...)
}

// wasmName encodes a name.
func wasmName(s string) []byte { return append(binary.AppendUvarint(nil, uint64(len(s))), s...) }

// wasmExport encodes an export of the item of the given kind (0 function,
// 2 memory) and index.
func wasmExport(name string, kind byte, index uint32) []byte {
	return binary.AppendUvarint(append(wasmName(name), kind), uint64(index))
}

// bytesEach splits b into one-byte slices.
func bytesEach(b []byte) [][]byte {
	out := make([][]byte, len(b))
	for i := range b {
		out[i] = b[i : i+1]
	}
	return out
}
