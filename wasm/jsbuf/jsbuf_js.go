//go:build js && wasm

package jsbuf

import (
	"fmt"
	"syscall/js"
	"unsafe"

	"flowlab/wasm/protocol"
)

// bytesOf views a float64 slice as its bytes (little-endian in wasm).
func bytesOf(f []float64) []byte {
	if len(f) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*8)
}

// Float64ArrayOf returns a new JS Float64Array holding a copy of f.
func Float64ArrayOf(f []float64) js.Value {
	return float64ArrayIn(js.Global().Get("ArrayBuffer").New(len(f)*8), f)
}

// float64ArrayIn copies f into buf (exactly len(f)*8 bytes) and returns a
// Float64Array view on it.
func float64ArrayIn(buf js.Value, f []float64) js.Value {
	if len(f) > 0 {
		js.CopyBytesToJS(js.Global().Get("Uint8Array").New(buf), bytesOf(f))
	}
	return js.Global().Get("Float64Array").New(buf)
}

// Float64sOf copies a JS Float64Array into a Go slice: a new one, or one
// handed back by Release.
func Float64sOf(arr js.Value) []float64 {
	n := arr.Get("length").Int()
	f := spareSlice(n)
	if n > 0 {
		u8 := js.Global().Get("Uint8Array").New(arr.Get("buffer"), arr.Get("byteOffset"), n*8)
		js.CopyBytesToGo(bytesOf(f), u8)
	}
	return f
}

// ToJS encodes m as a JS message object and returns it with the list of
// buffers to transfer.
func ToJS(m protocol.Message) (obj js.Value, transfer js.Value, err error) {
	w, err := protocol.Encode(m)
	if err != nil {
		return js.Undefined(), js.Undefined(), err
	}
	arrays := make([]any, len(w.Payloads))
	buffers := make([]any, len(w.Payloads))
	for i, p := range w.Payloads {
		buf := reuse(len(p) * 8)
		arrays[i] = float64ArrayIn(buf, p)
		buffers[i] = buf
	}
	obj = js.ValueOf(map[string]any{"kind": string(w.Kind), "json": string(w.Header), "f64": arrays})
	return obj, js.ValueOf(buffers), nil
}

// FromJS decodes a JS message object made by ToJS.
func FromJS(v js.Value) (protocol.Message, error) {
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("%w: not an object", protocol.ErrDecode)
	}
	w := protocol.Wire{Kind: protocol.Kind(v.Get("kind").String()), Header: []byte(v.Get("json").String())}
	if f := v.Get("f64"); f.Type() == js.TypeObject {
		for i := range f.Length() {
			arr := f.Index(i)
			w.Payloads = append(w.Payloads, Float64sOf(arr))
			if buf := arr.Get("buffer"); buf.Get("byteLength").Int() == arr.Get("byteLength").Int() {
				keep(buf)
			}
		}
	}
	return protocol.Decode(w)
}
