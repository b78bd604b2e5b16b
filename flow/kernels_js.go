package flow

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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

// simdOpsBytes is the size of the operation list at address 0 of the
// module's memory; longer lists are run in parts.
const simdOpsBytes = 64 << 10

// simdMinMACs is the size below which work stays in Go: the copies and the
// call into the module cost a few microseconds. Tests lower it.
var simdMinMACs = 1 << 12

// simdChunk is how many rows of the batch the weight gradient takes at a time:
// the 64 rows of g and a that a block of dw reads stay in the L1 cache, which
// doubles the speed of that product (measured in Node).
const simdChunk = 64

// simdAccel runs the dense products in its own instance of the SIMD module;
// operands are copied into the instance's memory and results back, so that
// nothing depends on how the host instantiated the Go program.
//
// The memory holds, after the operation list, persistent blocks (one per
// network: its input and the output of every layer, kept from a forward pass
// to its backward pass, so that they are never copied) and then a transient
// area for the operands of the current call. Views on the operands are cached
// and renewed when the memory grows or the blocks change (gen).
type simdAccel struct {
	mu      sync.Mutex
	pending atomic.Pointer[freed] // blocks whose networks were collected, to free under mu
	tried   bool                  // instantiation was attempted
	run     js.Value              // the module's run function, undefined if unavailable
	mem     js.Value              // the module's memory
	ops     js.Value              // view on the operation list
	gen     int                   // incremented whenever cached views become stale

	blocks  []simdBlock // persistent blocks in use, by address
	heapEnd int         // end of the persistent blocks: the transient area starts here

	list []int32   // operation list being built: count, then records
	wt   []float64 // wᵀ for a forward product
	prod simdProd  // operands of a single product
}

// simdBlock is a persistent block of the module's memory.
type simdBlock struct{ addr, size int }

// simdRef is an operand in the module's memory: its byte address, its number
// of float64 values and a Uint8Array view on it.
type simdRef struct {
	addr, n int
	view    js.Value
}

// simdProd is the transient layout of a single product: four operands.
type simdProd struct {
	gen  int
	size [4]int // float64 values
	ref  [4]simdRef
}

// simdNet is the accelerator's state for one network (mlp.accelNet): its
// persistent block with the input x and the layer outputs h, and the transient
// operands for batch size n, valid while gen matches the accelerator's.
type simdNet struct {
	gen, n       int
	block        simdBlock
	x            simdRef
	h            []simdRef
	w, b, dw, db []simdRef // per layer: weight (wᵀ forward, w backward), bias, their gradients
	gOut, din    simdRef
	g            [2]int // two gradient buffers used in turn
}

// ready instantiates the module on first use and reports whether it runs.
func (s *simdAccel) ready() bool {
	if !s.tried {
		s.tried = true
		s.run = js.Undefined()
		s.heapEnd = simdOpsBytes
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
			s.gen++
			if !s.ensure(simdOpsBytes) {
				s.run = js.Undefined()
			}
		}()
	}
	return !s.run.IsUndefined()
}

// ensure grows the memory to at least end bytes and reports whether it could.
func (s *simdAccel) ensure(end int) (ok bool) {
	const page = 1 << 16
	if end > 1<<30 {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	if have := s.mem.Get("buffer").Get("byteLength").Int(); end > have || s.ops.IsUndefined() {
		if end > have {
			s.mem.Call("grow", (end-have+page-1)/page)
		}
		s.gen++
		s.ops = js.Global().Get("Uint8Array").New(s.mem.Get("buffer"), 0, simdOpsBytes)
	}
	return true
}

// view returns a view on n float64 values at byte address addr.
func (s *simdAccel) view(addr, n int) simdRef {
	return simdRef{addr, n, js.Global().Get("Uint8Array").New(s.mem.Get("buffer"), addr, 8*n)}
}

// alloc returns the address of a new persistent block of size bytes (a
// multiple of 16), placed in the first gap that holds it.
func (s *simdAccel) alloc(size int) int {
	addr, at := simdOpsBytes, len(s.blocks)
	for q, b := range s.blocks {
		if b.addr-addr >= size {
			at = q
			break
		}
		addr = b.addr + b.size
	}
	s.blocks = slices.Insert(s.blocks, at, simdBlock{addr, size})
	if addr+size > s.heapEnd {
		s.heapEnd = addr + size
		s.gen++
	}
	return addr
}

// freed is a block address waiting to be released, in a lock-free stack.
type freed struct {
	addr int
	next *freed
}

// queueFree asks for the block at addr to be released at the next plan; it
// takes no lock, so a garbage-collection cleanup may call it at any time.
func (s *simdAccel) queueFree(addr int) {
	n := &freed{addr: addr}
	for {
		n.next = s.pending.Load()
		if s.pending.CompareAndSwap(n.next, n) {
			return
		}
	}
}

// drainFrees releases the queued blocks; call it with s.mu held, before any
// view of the current operation is made.
func (s *simdAccel) drainFrees() {
	for n := s.pending.Swap(nil); n != nil; n = n.next {
		s.free(n.addr)
	}
}

// free releases the persistent block at addr.
func (s *simdAccel) free(addr int) {
	s.blocks = slices.DeleteFunc(s.blocks, func(b simdBlock) bool { return b.addr == addr })
	end := simdOpsBytes
	if n := len(s.blocks); n > 0 {
		end = s.blocks[n-1].addr + s.blocks[n-1].size
	}
	if end != s.heapEnd {
		s.heapEnd = end
		s.gen++
	}
}

// put copies x into the operand r.
func (s *simdAccel) put(r simdRef, x []float64) { js.CopyBytesToJS(r.view, f64Bytes(x[:r.n])) }

// get copies the operand r into x.
func (s *simdAccel) get(x []float64, r simdRef) { js.CopyBytesToGo(f64Bytes(x[:r.n]), r.view) }

// op appends an operation, first running the list if it is full.
func (s *simdAccel) op(kind int, args ...int) {
	if len(s.list) == 0 {
		s.list = append(s.list, 0)
	}
	if 4*(len(s.list)+1+simdOpWords) > simdOpsBytes {
		s.exec()
		s.list = append(s.list, 0)
	}
	s.list = append(s.list, int32(kind))
	for _, a := range args {
		s.list = append(s.list, int32(a))
	}
	for range simdOpWords - len(args) {
		s.list = append(s.list, 0)
	}
	s.list[0]++
}

// exec runs and empties the operation list.
func (s *simdAccel) exec() {
	if len(s.list) > 0 && s.list[0] > 0 {
		js.CopyBytesToJS(s.ops, unsafe.Slice((*byte)(unsafe.Pointer(&s.list[0])), 4*len(s.list)))
		s.run.Invoke()
	}
	s.list = s.list[:0]
}

// forwardOps appends c = a·wtᵀ… : c (n×m) = bias + a (n×k) · wt (k×m) over
// the row spans ws of w, then the ReLU. Arguments are byte addresses.
func (s *simdAccel) forwardOps(c, a, wt, bias int, ws []span, n, k, m int, relu bool) {
	for _, sp := range ws {
		s.op(simdGemm, c+8*sp.r0, m, a+8*sp.lo, k, 1, wt+8*(sp.lo*m+sp.r0), m, n, sp.r1-sp.r0, sp.hi-sp.lo, bias+8*sp.r0, 0)
	}
	if relu {
		s.op(simdReLU, c, n*m)
	}
}

// inputOps appends c (n×k) = g (n×m) · w (m×k) over the row spans ws of wᵀ,
// then the mask by act unless act is 0.
func (s *simdAccel) inputOps(c, g, w, act int, ws []span, n, k, m int) {
	for _, sp := range ws {
		s.op(simdGemm, c+8*sp.r0, k, g+8*sp.lo, m, 1, w+8*(sp.lo*k+sp.r0), k, n, sp.r1-sp.r0, sp.hi-sp.lo, 0, 0)
	}
	if act != 0 {
		s.op(simdMask, c, act, n*k)
	}
}

// weightOps appends db += Σ_rows g and dw (m×k) += gᵀ (g n×m) · a (n×k)
// inside the row spans ws of dw, simdChunk rows of the batch at a time.
func (s *simdAccel) weightOps(dw, db, g, a int, ws []span, n, k, m int) {
	s.op(simdColSum, db, g, n, m, m)
	for _, sp := range ws {
		c := dw + 8*(sp.r0*k+sp.lo)
		for i0 := 0; i0 < n; i0 += simdChunk {
			s.op(simdGemm, c, k, g+8*(i0*m+sp.r0), 1, m, a+8*(i0*k+sp.lo), k,
				sp.r1-sp.r0, sp.hi-sp.lo, min(simdChunk, n-i0), c, k)
		}
	}
}

// product lays out the four operands of a single product (sizes in float64
// values) in the transient area and reports whether the module takes it.
func (s *simdAccel) product(nmk int, size [4]int) bool {
	if nmk < simdMinMACs || !s.ready() {
		return false
	}
	p := &s.prod
	if p.gen == s.gen && size[0] <= p.size[0] && size[1] <= p.size[1] && size[2] <= p.size[2] && size[3] <= p.size[3] {
		return true
	}
	for q := range size {
		p.size[q] = max(p.size[q], size[q]+size[q]/4)
	}
	end := s.heapEnd
	for q := range size {
		end += (8*p.size[q] + 15) &^ 15
	}
	if !s.ensure(end) {
		p.size = [4]int{}
		return false
	}
	addr := s.heapEnd
	for q := range size {
		p.ref[q] = s.view(addr, p.size[q])
		addr += (8*p.size[q] + 15) &^ 15
	}
	p.gen = s.gen
	return true
}

// sized returns the operand q of the single product, holding n values.
func (s *simdAccel) sized(q, n int) simdRef {
	r := s.prod.ref[q]
	r.n = n
	return r
}

// denseForward implements accelerator for one product: a, wᵀ and the bias
// in, the output back.
func (s *simdAccel) denseForward(out, a, w, bias []float64, ws []span, n, k, m int, relu bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.product(n*k*m, [4]int{n * k, k * m, n * m, m}) {
		return false
	}
	ra, rb, rc, rd := s.sized(0, n*k), s.sized(1, k*m), s.sized(2, n*m), s.sized(3, m)
	s.wt = growTo(s.wt, k*m)
	transpose(s.wt, w, nil, m, k)
	s.put(ra, a)
	s.put(rb, s.wt)
	s.put(rd, bias)
	s.forwardOps(rc.addr, ra.addr, rb.addr, rd.addr, ws, n, k, m, relu)
	s.exec()
	s.get(out, rc)
	return true
}

// denseBackInput implements accelerator for one product: g, w and the
// activations in, the input gradient back.
func (s *simdAccel) denseBackInput(out, g, w, act []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.product(n*k*m, [4]int{n * m, m * k, n * k, n * k}) {
		return false
	}
	ra, rb, rc, rd := s.sized(0, n*m), s.sized(1, m*k), s.sized(2, n*k), s.sized(3, n*k)
	s.put(ra, g)
	s.put(rb, w)
	pa := 0
	if act != nil {
		s.put(rd, act)
		pa = rd.addr
	}
	s.inputOps(rc.addr, ra.addr, rb.addr, pa, ws, n, k, m)
	s.exec()
	s.get(out, rc)
	return true
}

// denseBackWeights implements accelerator for one product: g, a and the
// gradients so far in, the gradients back.
func (s *simdAccel) denseBackWeights(dw, db, g, a []float64, ws []span, n, k, m int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.product(n*k*m, [4]int{n * m, n * k, m * k, m}) {
		return false
	}
	ra, rb, rc, rd := s.sized(0, n*m), s.sized(1, n*k), s.sized(2, m*k), s.sized(3, m)
	s.put(ra, g)
	s.put(rb, a)
	s.put(rc, dw)
	s.put(rd, db)
	s.weightOps(rc.addr, rd.addr, ra.addr, rb.addr, ws, n, k, m)
	s.exec()
	s.get(dw, rc)
	s.get(db, rd)
	return true
}

// plan returns m's state for batch size n with valid views, allocating its
// persistent block when needed; false if the memory cannot hold it.
func (s *simdAccel) plan(m *mlp, n int) (*simdNet, bool) {
	net, _ := m.accelNet.(*simdNet)
	if net == nil {
		net = &simdNet{}
		m.accelNet = net
		// The cleanup only queues the block: under GOOS=js it can run on
		// this goroutine while s.mu is held, so it must not take the lock.
		runtime.AddCleanup(m, func(net *simdNet) {
			if net.block.size > 0 {
				s.queueFree(net.block.addr)
			}
		}, net)
	}
	s.drainFrees()
	L := len(m.w)
	persist := n * m.sizes[0]
	for l := range L {
		persist += n * m.sizes[l+1]
	}
	if size := (8*persist + 15) &^ 15; net.block.size < size {
		if net.block.size > 0 {
			s.free(net.block.addr)
		}
		net.block = simdBlock{s.alloc(size), size}
	}
	if net.gen == s.gen && net.n == n {
		return net, true
	}
	end := s.heapEnd
	next := func(cnt int) simdRef {
		r := simdRef{addr: end, n: cnt}
		end += (8*cnt + 15) &^ 15
		return r
	}
	net.w, net.b = make([]simdRef, L), make([]simdRef, L)
	net.dw, net.db = make([]simdRef, L), make([]simdRef, L)
	width := 0
	for l := range L {
		k, o := m.sizes[l], m.sizes[l+1]
		net.w[l], net.b[l], net.dw[l], net.db[l] = next(o*k), next(o), next(o*k), next(o)
		width = max(width, k, o)
	}
	net.gOut, net.din = next(n*m.sizes[L]), next(n*m.sizes[0])
	net.g = [2]int{next(n * width).addr, next(n * width).addr}
	if !s.ensure(end) {
		net.gen = 0
		return nil, false
	}
	addr := net.block.addr
	net.x = s.view(addr, n*m.sizes[0])
	addr += 8 * n * m.sizes[0]
	net.h = make([]simdRef, L)
	for l := range L {
		net.h[l] = s.view(addr, n*m.sizes[l+1])
		addr += 8 * n * m.sizes[l+1]
	}
	for _, refs := range [][]simdRef{net.w, net.b, net.dw, net.db} {
		for q, r := range refs {
			refs[q] = s.view(r.addr, r.n)
		}
	}
	net.gOut, net.din = s.view(net.gOut.addr, net.gOut.n), s.view(net.din.addr, net.din.n)
	net.gen, net.n = s.gen, n
	return net, true
}

// mlpForward implements accelerator: the input, every layer's wᵀ and bias
// in, the output back; the input and the layer outputs stay in m's block.
func (s *simdAccel) mlpForward(m *mlp, in []float64, n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	L := len(m.w)
	macs := 0
	for l := range L {
		macs += n * m.sizes[l] * m.sizes[l+1]
	}
	if macs < simdMinMACs || !s.ready() {
		return false
	}
	net, ok := s.plan(m, n)
	if !ok {
		return false
	}
	s.put(net.x, in)
	for l := range L {
		k, o := m.sizes[l], m.sizes[l+1]
		s.wt = growTo(s.wt, k*o)
		transpose(s.wt, m.w[l], nil, o, k)
		s.put(net.w[l], s.wt)
		s.put(net.b[l], m.b[l])
		a := net.x.addr
		if l > 0 {
			a = net.h[l-1].addr
		}
		s.forwardOps(net.h[l].addr, a, net.w[l].addr, net.b[l].addr, m.fwd[l], n, k, o, l < L-1)
	}
	s.exec()
	m.h[L-1] = growTo(m.h[L-1], n*m.sizes[L])
	s.get(m.h[L-1], net.h[L-1])
	return true
}

// mlpBackward implements accelerator: gOut, every layer's w and gradients
// in, the gradients and din back; the gradient chain stays in the module.
func (s *simdAccel) mlpBackward(m *mlp, din, gOut []float64, n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	L := len(m.w)
	net, ok := s.plan(m, n)
	if !ok {
		// The memory could not grow (after another network's forward pass):
		// hand the hidden layers to the Go kernels.
		net = m.accelNet.(*simdNet)
		addr := net.block.addr + 8*n*m.sizes[0]
		for l := range L - 1 {
			m.h[l] = growTo(m.h[l], n*m.sizes[l+1])
			s.get(m.h[l], s.view(addr, n*m.sizes[l+1]))
			addr += 8 * n * m.sizes[l+1]
		}
		return false
	}
	s.put(net.gOut, gOut)
	g := net.gOut.addr
	for l := L - 1; l >= 0; l-- {
		k, o := m.sizes[l], m.sizes[l+1]
		a := net.x.addr
		if l > 0 {
			a = net.h[l-1].addr
		}
		s.put(net.dw[l], m.dw[l])
		s.put(net.db[l], m.db[l])
		s.weightOps(net.dw[l].addr, net.db[l].addr, g, a, m.fwd[l], n, k, o)
		if l == 0 && din == nil {
			break
		}
		s.put(net.w[l], m.w[l])
		if l == 0 {
			s.inputOps(net.din.addr, g, net.w[l].addr, 0, m.bwd[l], n, k, o)
			break
		}
		next := net.g[(L-1-l)%2]
		s.inputOps(next, g, net.w[l].addr, a, m.bwd[l], n, k, o)
		g = next
	}
	s.exec()
	for l := range L {
		s.get(m.dw[l], net.dw[l])
		s.get(m.db[l], net.db[l])
		m.zeroHoles(l)
	}
	if din != nil {
		s.get(din, net.din)
	}
	return true
}

// f64Bytes returns the bytes of x.
func f64Bytes(x []float64) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x))
}
