package flow

import (
	"sync"
	"syscall/js"
	"unsafe"
)

// On GOOS=js the dense products run in a WebAssembly SIMD module (see
// kernels_simd.go for the module and its bit-identical arithmetic). This is
// the one place where the engine uses syscall/js: Go compiled to WebAssembly
// cannot emit SIMD instructions itself, and the module runs the products
// about three times faster than the Go kernels there. When WebAssembly SIMD
// is not available (or anything else fails) the Go kernels are used, with the
// same results.
func init() { accel = &simdAccel{} }

// Regions of the SIMD module's memory: the operation list, then operands.
const (
	regOps = iota
	regA
	regB
	regC
	regD
	numRegions
)

// simdMinMACs is the size below which a product stays in Go: the copies and
// the call into the module cost a few microseconds. Tests lower it.
var simdMinMACs = 1 << 12

// simdChunk is how many rows of the batch the weight gradient takes at a time:
// the 64 rows of gᵀ and a that a block of dw reads stay in the L1 cache, which
// doubles the speed of that product (measured in Node).
const simdChunk = 64

// simdAccel runs the dense products in its own instance of the SIMD module.
// The operands are copied into the instance's memory and the results back
// (a few percent of the time of a product), so that nothing depends on how
// the host instantiated the Go program.
type simdAccel struct {
	mu    sync.Mutex
	tried bool     // instantiation was attempted
	run   js.Value // the module's run function, undefined if unavailable
	mem   js.Value // the module's memory

	base, size [numRegions]int      // byte offset and capacity of each region
	view       [numRegions]js.Value // a Uint8Array over each region
	ops        []int32              // operation list being built
	wt         []float64            // wᵀ for the forward product
}

// ready instantiates the module on first use and reports whether it runs.
func (s *simdAccel) ready() bool {
	if !s.tried {
		s.tried = true
		s.run = js.Undefined()
		func() {
			defer func() {
				if recover() != nil {
					s.run = js.Undefined()
				}
			}()
			wa := js.Global().Get("WebAssembly")
			if wa.IsUndefined() {
				return
			}
			code := simdModule()
			buf := js.Global().Get("Uint8Array").New(len(code))
			js.CopyBytesToJS(buf, code)
			inst := wa.Get("Instance").New(wa.Get("Module").New(buf), js.Global().Get("Object").New())
			s.mem = inst.Get("exports").Get("mem")
			s.run = inst.Get("exports").Get("run")
		}()
	}
	return !s.run.IsUndefined()
}

// reserve makes every region r hold at least need[r] bytes, growing the
// memory and renewing the views when it must (so not in a steady state).
// It reports false when the memory cannot grow.
func (s *simdAccel) reserve(need [numRegions]int) (ok bool) {
	grow := false
	for r, n := range need {
		grow = grow || n > s.size[r]
	}
	if !grow {
		return true
	}
	defer func() {
		if recover() != nil {
			ok = false
			s.size = [numRegions]int{}
		}
	}()
	total := 0
	for r := range need {
		s.size[r] = max(s.size[r], (need[r]+need[r]/4+15)&^15)
		s.base[r] = total
		total += s.size[r]
	}
	if total > 1<<30 {
		s.size = [numRegions]int{}
		return false
	}
	const page = 1 << 16
	if have := s.mem.Get("buffer").Get("byteLength").Int(); total > have {
		s.mem.Call("grow", (total-have+page-1)/page)
	}
	buf := s.mem.Get("buffer")
	u8 := js.Global().Get("Uint8Array")
	for r := range s.view {
		s.view[r] = u8.New(buf, s.base[r], s.size[r])
	}
	return true
}

// begin starts an operation list for a product of n·m·k multiply-adds with
// the given region sizes in float64 values, and reports whether the module
// takes it.
func (s *simdAccel) begin(nmk, spans int, a, b, c, d int) bool {
	if nmk < simdMinMACs || !s.ready() {
		return false
	}
	if !s.reserve([numRegions]int{4 * (1 + (spans+2)*(1+simdOpWords)), 8 * a, 8 * b, 8 * c, 8 * d}) {
		return false
	}
	s.ops = append(s.ops[:0], 0)
	return true
}

// op appends one operation; pointer arguments are given as (region, element
// offset) by addr.
func (s *simdAccel) op(kind int, args ...int) {
	s.ops = append(s.ops, int32(kind))
	for _, a := range args {
		s.ops = append(s.ops, int32(a))
	}
	for range simdOpWords - len(args) {
		s.ops = append(s.ops, 0)
	}
	s.ops[0]++
}

// addr returns the byte address of element q of region r.
func (s *simdAccel) addr(r, q int) int { return s.base[r] + 8*q }

// put copies x into region r.
func (s *simdAccel) put(r int, x []float64) { js.CopyBytesToJS(s.view[r], f64Bytes(x)) }

// get copies region r into x.
func (s *simdAccel) get(x []float64, r int) { js.CopyBytesToGo(f64Bytes(x), s.view[r]) }

// exec runs the operation list.
func (s *simdAccel) exec() {
	b := unsafe.Slice((*byte)(unsafe.Pointer(&s.ops[0])), 4*len(s.ops))
	js.CopyBytesToJS(s.view[regOps], b)
	s.run.Invoke()
}

func (s *simdAccel) denseForward(out, a, w, bias []float64, ws []span, n, k, m int, relu bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.begin(n*k*m, len(ws), n*k, k*m, n*m, m) {
		return false
	}
	s.wt = growTo(s.wt, k*m)
	transpose(s.wt, w, nil, m, k)
	s.put(regA, a[:n*k])
	s.put(regB, s.wt)
	s.put(regD, bias[:m])
	for _, sp := range ws {
		s.op(simdGemm, s.addr(regC, sp.r0), m, s.addr(regA, sp.lo), k, 1, s.addr(regB, sp.lo*m+sp.r0), m,
			n, sp.r1-sp.r0, sp.hi-sp.lo, s.addr(regD, sp.r0), 0)
	}
	if relu {
		s.op(simdReLU, s.addr(regC, 0), n*m)
	}
	s.exec()
	s.get(out[:n*m], regC)
	return true
}

func (s *simdAccel) denseBackInput(out, g, w, act []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.begin(n*k*m, len(ws), n*m, m*k, n*k, n*k) {
		return false
	}
	s.put(regA, g[:n*m])
	s.put(regB, w[:m*k])
	for _, sp := range ws {
		s.op(simdGemm, s.addr(regC, sp.r0), k, s.addr(regA, sp.lo), m, 1, s.addr(regB, sp.lo*k+sp.r0), k,
			n, sp.r1-sp.r0, sp.hi-sp.lo, 0, 0)
	}
	if act != nil {
		s.put(regD, act[:n*k])
		s.op(simdMask, s.addr(regC, 0), s.addr(regD, 0), n*k)
	}
	s.exec()
	s.get(out[:n*k], regC)
	return true
}

func (s *simdAccel) denseBackWeights(dw, db, g, a []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.begin(n*k*m, len(ws)*((n+simdChunk-1)/simdChunk), n*m, n*k, m*k, m) {
		return false
	}
	s.put(regA, g[:n*m])
	s.put(regB, a[:n*k])
	s.put(regC, dw[:m*k])
	s.put(regD, db[:m])
	s.op(simdColSum, s.addr(regD, 0), s.addr(regA, 0), n, m, m)
	for _, sp := range ws {
		c := s.addr(regC, sp.r0*k+sp.lo)
		for i0 := 0; i0 < n; i0 += simdChunk {
			s.op(simdGemm, c, k, s.addr(regA, i0*m+sp.r0), 1, m, s.addr(regB, i0*k+sp.lo), k,
				sp.r1-sp.r0, sp.hi-sp.lo, min(simdChunk, n-i0), c, k)
		}
	}
	s.exec()
	s.get(dw[:m*k], regC)
	s.get(db[:m], regD)
	return true
}

// f64Bytes returns the bytes of x.
func f64Bytes(x []float64) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x))
}
