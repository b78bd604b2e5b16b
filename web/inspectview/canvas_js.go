//go:build js && wasm

package inspectview

import (
	"syscall/js"
	"unsafe"

	vjs "github.com/vugu/vugu/js"
)

// inspectGlue holds the callback assets/inspector.js reports events through.
type inspectGlue struct {
	host js.Value // the element the canvas was attached to
	fn   js.Func
	has  bool
}

func inspectAPI() js.Value { return js.Global().Get("flowlabInspect") }

// sync hands the canvas whatever changed since the last call: a new scene
// (once per scene, as typed arrays), the drawing options, the level, the
// selected star's path.
func (c *View) sync() {
	api := inspectAPI()
	host := js.Value(c.host)
	if !api.Truthy() || host.IsUndefined() || host.IsNull() {
		return
	}
	g := &c.glue
	if !g.has || !g.host.Equal(host) {
		if g.has {
			api.Call("detach", g.host)
		} else {
			env := c.App.Env
			g.fn = js.FuncOf(func(this js.Value, args []js.Value) any {
				kind, v := args[0].String(), args[1].Float()
				go func() { // never block inside a JS callback
					env.Lock()
					c.onStage(kind, v)
					env.UnlockRender()
				}()
				return nil
			})
		}
		g.host, g.has = host, true
		api.Call("attach", host, g.fn)
		c.pushed = inspectPushed{hostGen: -1, level: -1, starID: -1}
	}
	m := c.memo()
	s := c.Scene()
	if s == nil {
		return
	}
	if view := c.viewJSON(); view != c.pushed.view {
		api.Call("setView", host, view)
		c.pushed.view = view
	}
	level := c.Level()
	if c.pushed.scene != s || c.pushed.hostGen != c.hostGen {
		meta, err := metaJSON(s, c.Names())
		if err != nil {
			c.App.Err = "The inspector could not draw this flow: " + err.Error()
			return
		}
		var heat js.Value = js.Null()
		if s.G > 0 {
			heat = float32Array(s.Heat)
		}
		autoplay := !m.autoplayed && level == 0 && !s.Reverse && !c.Live()
		m.autoplayed = m.autoplayed || !c.Live()
		api.Call("setScene", host, string(meta), float32Array(s.Frames), uint8Array(s.Colors), float32Array(s.Ghost), heat, level, autoplay)
		c.pushed.scene, c.pushed.hostGen, c.pushed.level = s, c.hostGen, level
		c.pushed.starID = -1
	}
	if !m.Playing && level != c.pushed.level {
		api.Call("setLevel", host, level)
		c.pushed.level = level
	}
	if m.starID != c.pushed.starID {
		if p := c.markerPath(); p != nil {
			api.Call("setMarker", host, float32Array(p))
		} else {
			api.Call("setMarker", host, js.Null())
		}
		c.pushed.starID = m.starID
	}
}

// playStage asks the canvas to play from level from to level to.
func (c *View) playStage(from, to int) {
	if c.glue.has {
		inspectAPI().Call("play", c.glue.host, from, to)
	}
}

// pauseStage stops the canvas animation where it is.
func (c *View) pauseStage() {
	if c.glue.has {
		inspectAPI().Call("pause", c.glue.host)
	}
}

// release detaches the canvas and frees the callback.
func (c *View) release() {
	g := &c.glue
	if !g.has {
		return
	}
	if api := inspectAPI(); api.Truthy() {
		api.Call("detach", g.host)
	}
	g.fn.Release()
	*g = inspectGlue{}
	memoFor(c.App).Playing = false
}

// narrowScreen reports whether the page is phone-width.
func narrowScreen() bool {
	if !js.Global().Get("matchMedia").Truthy() {
		return false
	}
	return js.Global().Call("matchMedia", "(max-width: 34rem)").Get("matches").Bool()
}

// sameElement reports whether a and b are the same DOM element.
func sameElement(a, b vjs.Value) bool { return js.Value(a).Equal(js.Value(b)) }

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
