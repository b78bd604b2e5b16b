//go:build js && wasm

package browser

import (
	"syscall/js"
	"unsafe"

	vjs "github.com/vugu/vugu/js"

	"flowlab/wasm/jsbuf"
	"flowlab/web/plot"
)

// ByTestID finds the element whose data-testid is id.
func (page) ByTestID(id string) vjs.Value {
	return vjs.Value(js.Global().Get("document").Call("querySelector", `[data-testid="`+id+`"]`))
}

// Canvases makes host's canvases afresh unless it holds exactly one canvas
// per spec.
func (page) Canvases(h vjs.Value, specs []CanvasSpec) (float64, bool) {
	host := js.Value(h)
	if !host.Truthy() || !host.Get("isConnected").Truthy() {
		return 0, false
	}
	fresh := false
	if host.Get("childElementCount").Int() != len(specs) || host.Get("firstElementChild").Get("tagName").String() != "CANVAS" {
		host.Set("textContent", "")
		doc := js.Global().Get("document")
		for _, s := range specs {
			cv := doc.Call("createElement", "canvas")
			cv.Set("className", s.Class)
			cv.Call("setAttribute", "data-testid", s.TestID)
			if s.Label != "" { // else the host is the image
				cv.Call("setAttribute", "role", "img")
				cv.Call("setAttribute", "aria-label", s.Label)
			}
			host.Call("appendChild", cv)
		}
		fresh = true
	}
	return host.Get("clientWidth").Float(), fresh
}

// WatchResize observes host with a ResizeObserver (the window's resize
// event where there is none).
func (page) WatchResize(h vjs.Value, onResize func()) {
	host := js.Value(h)
	width := host.Get("clientWidth").Int()
	cb := js.FuncOf(func(js.Value, []js.Value) any {
		if w := host.Get("clientWidth").Int(); w != width {
			width = w
			onResize()
		}
		return nil
	})
	if ro := js.Global().Get("ResizeObserver"); ro.Truthy() {
		ro.New(cb).Call("observe", host)
		return
	}
	js.Global().Call("addEventListener", "resize", cb)
}

// DrawPlot renders fig with one call to window.flowlabPlot.draw
// (assets/plot.js).
func (page) DrawPlot(h vjs.Value, i int, fig plot.Figure, label string) error {
	spec, arrays, err := plot.Encode(fig)
	if err != nil {
		return err
	}
	canvas := js.Value(h).Get("children").Index(i)
	if label != "" {
		canvas.Call("setAttribute", "aria-label", label)
	}
	vals := make([]any, len(arrays))
	for i, a := range arrays {
		vals[i] = jsbuf.Float64ArrayOf(a)
	}
	js.Global().Get("flowlabPlot").Call("draw", canvas, string(spec), js.ValueOf(vals))
	return nil
}

// stage drives window.flowlabInspect (assets/inspector.js) on one host.
type stage struct {
	api, host js.Value
	fn        js.Func
}

// Stage attaches the inspector canvas to host.
func (page) Stage(h vjs.Value, onEvent func(kind string, v float64)) Stage {
	api := js.Global().Get("flowlabInspect")
	if !api.Truthy() {
		return nil
	}
	s := &stage{api: api, host: js.Value(h)}
	s.fn = js.FuncOf(func(this js.Value, args []js.Value) any {
		onEvent(args[0].String(), args[1].Float())
		return nil
	})
	api.Call("attach", s.host, s.fn)
	return s
}

func (s *stage) SetView(view string) { s.api.Call("setView", s.host, view) }

func (s *stage) SetScene(meta string, frames []float32, colors []uint8, ghost, heat []float32, level int, autoplay bool) {
	h := js.Null()
	if heat != nil {
		h = float32Array(heat)
	}
	s.api.Call("setScene", s.host, meta, float32Array(frames), uint8Array(colors), float32Array(ghost), h, level, autoplay)
}

func (s *stage) SetLevel(level int) { s.api.Call("setLevel", s.host, level) }

func (s *stage) SetMarker(path []float32) {
	if path == nil {
		s.api.Call("setMarker", s.host, js.Null())
		return
	}
	s.api.Call("setMarker", s.host, float32Array(path))
}

func (s *stage) Play(from, to int) { s.api.Call("play", s.host, from, to) }

func (s *stage) Pause() { s.api.Call("pause", s.host) }

func (s *stage) Detach() {
	s.api.Call("detach", s.host)
	s.fn.Release()
}

// float32Array copies f into a new JS Float32Array.
func float32Array(f []float32) js.Value {
	arr := js.Global().Get("Float32Array").New(len(f))
	if len(f) > 0 {
		b := unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*4)
		js.CopyBytesToJS(js.Global().Get("Uint8Array").New(arr.Get("buffer")), b)
	}
	return arr
}

// uint8Array copies b into a new JS Uint8Array.
func uint8Array(b []uint8) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(b))
	if len(b) > 0 {
		js.CopyBytesToJS(arr, b)
	}
	return arr
}
