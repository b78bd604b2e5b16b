//go:build js && wasm

package jsbuf

import (
	"slices"
	"syscall/js"
	"testing"

	"flowlab/wasm/protocol"
)

// resetRecycled empties the kept buffers between tests.
func resetRecycled(t *testing.T) {
	t.Helper()
	recycleMu.Lock()
	recycled = nil
	recycleMu.Unlock()
	spareMu.Lock()
	spare = nil
	spareMu.Unlock()
}

// TestRoundTrip moves a message with payloads to JS and back unchanged.
func TestRoundTrip(t *testing.T) {
	resetRecycled(t)
	grads := []float64{1.5, -2, 3e-300, 0}
	in := protocol.GradResult{Step: 7, Loss: 0.25, Grads: grads}
	obj, transfer, err := ToJS(in)
	if err != nil {
		t.Fatal(err)
	}
	if transfer.Length() != 1 || !transfer.Index(0).Equal(obj.Get("f64").Index(0).Get("buffer")) {
		t.Errorf("the payload's buffer is not listed for transfer")
	}
	out, err := FromJS(obj)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := out.(protocol.GradResult)
	if !ok || r.Step != 7 || r.Loss != 0.25 || !slices.Equal(r.Grads, grads) {
		t.Errorf("round trip gave %+v, want %+v", out, in)
	}
	grads[0] = 99
	if r.Grads[0] != 1.5 {
		t.Errorf("the decoded payload shares memory with the sent slice")
	}
}

// TestRecycle reuses the buffer of a received large payload for the next
// payload of the same size, with the new values, and keeps nothing small.
func TestRecycle(t *testing.T) {
	resetRecycled(t)
	n := recycleMinBytes / 8
	big := make([]float64, n)
	for i := range big {
		big[i] = float64(i)
	}
	obj, _, err := ToJS(protocol.GradResult{Step: 1, Grads: big})
	if err != nil {
		t.Fatal(err)
	}
	received := obj.Get("f64").Index(0).Get("buffer")
	if _, err := FromJS(obj); err != nil {
		t.Fatal(err)
	}
	next := make([]float64, n)
	for i := range next {
		next[i] = -float64(i)
	}
	obj2, transfer, err := ToJS(protocol.GradResult{Step: 2, Grads: next})
	if err != nil {
		t.Fatal(err)
	}
	if !transfer.Index(0).Equal(received) {
		t.Errorf("a same-size payload did not reuse the received buffer")
	}
	if got := Float64sOf(obj2.Get("f64").Index(0)); !slices.Equal(got, next) {
		t.Errorf("the reused buffer holds stale values")
	}
	// A different size gets a new buffer; small payloads are never kept.
	other, _, _ := ToJS(protocol.GradResult{Step: 3, Grads: make([]float64, n+1)})
	if other.Get("f64").Index(0).Get("buffer").Equal(received) {
		t.Errorf("a payload of another size got the kept buffer")
	}
	small, _, _ := ToJS(protocol.GradResult{Step: 4, Grads: []float64{1, 2}})
	if _, err := FromJS(small); err != nil {
		t.Fatal(err)
	}
	recycleMu.Lock()
	kept := len(recycled)
	recycleMu.Unlock()
	if kept != 0 {
		t.Errorf("%d buffers kept after a small payload, want 0", kept)
	}
}

// TestRecycleBounded keeps at most recycleSlots buffers, dropping the oldest.
func TestRecycleBounded(t *testing.T) {
	resetRecycled(t)
	var first js.Value
	for i := range recycleSlots + 3 {
		obj, _, err := ToJS(protocol.GradResult{Step: i, Grads: make([]float64, recycleMinBytes/8+i)})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = obj.Get("f64").Index(0).Get("buffer")
		}
		if _, err := FromJS(obj); err != nil {
			t.Fatal(err)
		}
	}
	recycleMu.Lock()
	kept := len(recycled)
	recycleMu.Unlock()
	if kept != recycleSlots {
		t.Errorf("%d buffers kept, want %d", kept, recycleSlots)
	}
	_, transfer, _ := ToJS(protocol.GradResult{Grads: make([]float64, recycleMinBytes/8)})
	if transfer.Index(0).Equal(first) {
		t.Errorf("the oldest buffer was kept beyond the limit")
	}
}

// TestRecycleByteBound keeps no more than recycleMaxBytes, dropping the
// oldest buffers first, and never keeps a buffer larger than the bound.
func TestRecycleByteBound(t *testing.T) {
	resetRecycled(t)
	n := recycleMaxBytes / 3 / 8 // three fit, a fourth does not
	for i := range 4 {
		obj, _, err := ToJS(protocol.GradResult{Step: i, Grads: make([]float64, n+i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := FromJS(obj); err != nil {
			t.Fatal(err)
		}
	}
	recycleMu.Lock()
	total, sizes := 0, []int{}
	for _, b := range recycled {
		total += b.Get("byteLength").Int()
		sizes = append(sizes, b.Get("byteLength").Int()/8-n)
	}
	recycleMu.Unlock()
	if total > recycleMaxBytes || !slices.Equal(sizes, []int{2, 3}) {
		t.Errorf("kept %d bytes in buffers of n+%v values, want at most %d bytes, the newest two", total, sizes, recycleMaxBytes)
	}
	obj, _, _ := ToJS(protocol.GradResult{Grads: make([]float64, recycleMaxBytes/8+1)})
	if _, err := FromJS(obj); err != nil {
		t.Fatal(err)
	}
	recycleMu.Lock()
	defer recycleMu.Unlock()
	if len(recycled) != 0 {
		t.Errorf("a buffer over the byte bound was kept (%d kept)", len(recycled))
	}
}

// TestRelease decodes a payload into a slice handed back by Release, with
// the new values, and never hands one slice out twice.
func TestRelease(t *testing.T) {
	resetRecycled(t)
	n := recycleMinBytes / 8
	payload := func(step int, v float64) js.Value {
		g := make([]float64, n)
		for i := range g {
			g[i] = v + float64(i)
		}
		obj, _, err := ToJS(protocol.GradResult{Step: step, Grads: g})
		if err != nil {
			t.Fatal(err)
		}
		return obj
	}
	decode := func(obj js.Value) []float64 {
		m, err := FromJS(obj)
		if err != nil {
			t.Fatal(err)
		}
		return m.(protocol.GradResult).Grads
	}
	first := decode(payload(1, 0))
	Release(first)
	Release(first) // a second release must not make two owners
	second := decode(payload(2, 100))
	if &second[0] != &first[0] {
		t.Error("the payload was not decoded into the released slice")
	}
	if second[0] != 100 || second[n-1] != 100+float64(n-1) {
		t.Errorf("the reused slice holds %v … %v, want the new values", second[0], second[n-1])
	}
	third := decode(payload(3, 0))
	if &third[0] == &second[0] {
		t.Error("a slice released once was handed out twice")
	}
	Release([]float64{1, 2}) // small: ignored
	spareMu.Lock()
	kept := len(spare)
	spareMu.Unlock()
	if kept != 0 {
		t.Errorf("%d slices kept, want 0", kept)
	}
}

// TestEndpointCloseDetaches checks that Close leaves no released callback
// behind: an error event of a worker terminated while it loads its scripts
// may still arrive, and calling a released js.Func throws "call to released
// function" in the page.
func TestEndpointCloseDetaches(t *testing.T) {
	target := js.Global().Get("Object").New()
	e := NewEndpoint(target)
	e.Listen("worker")
	for _, name := range []string{"onmessage", "onerror"} {
		if target.Get(name).Type() != js.TypeFunction {
			t.Fatalf("after Listen, %s is %v, want a function", name, target.Get(name).Type())
		}
	}
	e.Close()
	for _, name := range []string{"onmessage", "onerror"} {
		if !target.Get(name).IsNull() {
			t.Errorf("after Close, %s is %v, want null", name, target.Get(name).Type())
		}
	}
	if _, ok := e.Recv(nil); ok {
		t.Error("Recv returned a message after Close")
	}
}
