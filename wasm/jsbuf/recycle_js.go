//go:build js && wasm

package jsbuf

import (
	"sync"
	"syscall/js"
)

// A step of data-parallel training sends the same large arrays back and forth
// (parameters out, gradients back, ~2 MB each for the paper's flows). Fresh
// ArrayBuffers of that size cost page faults and garbage collection on every
// step, so the buffers of received payloads are kept and reused by the next
// payloads of the same size that this side sends (and transfers away).
const (
	// recycleMinBytes is the smallest buffer worth keeping.
	recycleMinBytes = 64 << 10
	// recycleSlots is how many buffers are kept at most; the oldest goes first.
	recycleSlots = 8
	// recycleMaxBytes bounds the memory the kept buffers hold (a page that
	// only receives, say snapshots of a paper-size flow, would otherwise keep
	// eight of them for nothing).
	recycleMaxBytes = 24 << 20
)

// recycled holds received ArrayBuffers that no JS code refers to any more,
// oldest first.
var (
	recycleMu sync.Mutex
	recycled  []js.Value
)

// keep offers buf, whose contents have been copied out, for reuse.
func keep(buf js.Value) {
	if buf.Get("byteLength").Int() < recycleMinBytes {
		return
	}
	recycleMu.Lock()
	defer recycleMu.Unlock()
	recycled = append(recycled, buf)
	total := 0
	for _, b := range recycled {
		total += b.Get("byteLength").Int()
	}
	for len(recycled) > recycleSlots || total > recycleMaxBytes {
		total -= recycled[0].Get("byteLength").Int()
		recycled = recycled[1:]
	}
}

// reuse returns a kept buffer of exactly n bytes, removing it from the list,
// or a new one.
func reuse(n int) js.Value {
	recycleMu.Lock()
	defer recycleMu.Unlock()
	for i := len(recycled) - 1; i >= 0; i-- {
		if recycled[i].Get("byteLength").Int() == n {
			b := recycled[i]
			recycled = append(recycled[:i], recycled[i+1:]...)
			return b
		}
	}
	return js.Global().Get("ArrayBuffer").New(n)
}

// On the Go side, the same payloads are decoded into slices of the same
// sizes on every step; a receiver that is done with one hands it back with
// Release, and the next payload of that length is decoded into it instead of
// a fresh (zeroed, later collected) allocation.
var (
	spareMu sync.Mutex
	spare   [][]float64 // released slices, oldest first, at most recycleSlots
)

// Release hands back a slice that FromJS decoded, once its receiver no
// longer uses it: a later payload of the same length may be decoded into it.
// Small slices are ignored.
func Release(f []float64) {
	if 8*len(f) < recycleMinBytes {
		return
	}
	spareMu.Lock()
	defer spareMu.Unlock()
	for _, s := range spare {
		if &s[0] == &f[0] {
			return // released twice
		}
	}
	spare = append(spare, f)
	total := 0
	for _, s := range spare {
		total += 8 * len(s)
	}
	for len(spare) > recycleSlots || total > recycleMaxBytes {
		total -= 8 * len(spare[0])
		spare = spare[1:]
	}
}

// spareSlice returns a released slice of length n, removing it from the
// list, or a new one.
func spareSlice(n int) []float64 {
	spareMu.Lock()
	defer spareMu.Unlock()
	for i := len(spare) - 1; i >= 0; i-- {
		if len(spare[i]) == n {
			f := spare[i]
			spare = append(spare[:i], spare[i+1:]...)
			return f
		}
	}
	return make([]float64, n)
}
