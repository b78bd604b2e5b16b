//go:build js && wasm

package browser

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	vjs "github.com/vugu/vugu/js"

	"flowlab/wasm/client"
)

// page is the browser, through syscall/js.
type page struct{}

func init() { Current = page{} }

// Fetch downloads url with the browser's fetch; the body is read once the
// promises settle.
func (page) Fetch(ctx context.Context, url string) ([]byte, error) {
	ctrl := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { ctrl.Call("abort") })
	defer stop()

	resp, err := await(ctx, js.Global().Call("fetch", url, map[string]any{"signal": ctrl.Get("signal")}))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("fetch %s: HTTP %d %s", url, resp.Get("status").Int(), resp.Get("statusText").String())
	}
	buf, err := await(ctx, resp.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: reading the body: %w", url, err)
	}
	view := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, view.Get("length").Int())
	js.CopyBytesToGo(b, view)
	return b, nil
}

// await waits for a JS promise. Its callbacks only copy the outcome into a
// buffered channel (they never block) and are released once it settles.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{err: jsError(args[0])}
		return nil
	})
	promise.Call("then", onOK, onErr)
	release := func() {
		onOK.Release()
		onErr.Release()
	}
	select {
	case o := <-ch:
		release()
		return o.v, o.err
	case <-ctx.Done():
		// The promise may still settle (an aborted fetch rejects); keep the
		// callbacks alive until it does.
		go func() {
			<-ch
			release()
		}()
		return js.Undefined(), ctx.Err()
	}
}

// jsError turns a rejection reason into a Go error.
func jsError(reason js.Value) error {
	if reason.Type() == js.TypeObject {
		return errors.New(reason.Call("toString").String())
	}
	return errors.New(reason.String())
}

// NewWorkerConn starts a Web Worker for one class flow.
func (page) NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error) {
	return client.StartWorker(WorkerScript, deliver)
}

// SetHash replaces the URL hash without adding a history entry, so a link
// copied at any time restores the page.
func (page) SetHash(h string) {
	loc := js.Global().Get("location")
	if !loc.Truthy() || !js.Global().Get("history").Truthy() {
		return // not a page (e.g. tests under Node)
	}
	url := loc.Get("pathname").String() + loc.Get("search").String()
	if h != "" {
		url += "#" + h
	}
	js.Global().Get("history").Call("replaceState", nil, "", url)
}

// LocationHash returns the page's URL hash without the leading #.
func (page) LocationHash() string {
	loc := js.Global().Get("location")
	if !loc.Truthy() {
		return ""
	}
	h := loc.Get("hash").String()
	if len(h) > 0 && h[0] == '#' {
		h = h[1:]
	}
	return h
}

// Cores is navigator.hardwareConcurrency (1 if unknown).
func (page) Cores() int {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() {
		return 1 // not a browser (e.g. tests under Node)
	}
	n := nav.Get("hardwareConcurrency")
	if n.Type() != js.TypeNumber {
		return 1
	}
	return max(1, n.Int())
}

// Href is location.href.
func (page) Href() string { return js.Global().Get("location").Get("href").String() }

// NarrowScreen asks matchMedia whether the page is at most 34rem wide.
func (page) NarrowScreen() bool {
	if !js.Global().Get("matchMedia").Truthy() {
		return false
	}
	return js.Global().Call("matchMedia", "(max-width: 34rem)").Get("matches").Bool()
}

// Log calls console.error.
func (page) Log(msg string) { js.Global().Get("console").Call("error", msg) }

// SameElement compares the two JS values.
func (page) SameElement(a, b vjs.Value) bool { return js.Value(a).Equal(js.Value(b)) }

// SyncControls sets each data-sync control's property from its attribute:
// a select's value from data-value, a checkbox's checked from checked, an
// input's value from value; the focused control is left alone.
func (page) SyncControls(r vjs.Value) {
	root := js.Value(r)
	if !root.Truthy() {
		return
	}
	active := js.Global().Get("document").Get("activeElement")
	list := root.Call("querySelectorAll", "[data-sync]")
	for i, n := 0, list.Length(); i < n; i++ {
		el := list.Index(i)
		if el.Equal(active) {
			continue
		}
		switch el.Get("tagName").String() {
		case "SELECT":
			want := el.Call("getAttribute", "data-value")
			if want.Truthy() && el.Get("value").String() != want.String() {
				el.Set("value", want)
			}
		case "INPUT":
			if el.Get("type").String() == "checkbox" {
				want := el.Call("hasAttribute", "checked").Bool()
				if el.Get("checked").Bool() != want {
					el.Set("checked", want)
				}
				continue
			}
			want := el.Call("getAttribute", "value")
			w := ""
			if want.Truthy() {
				w = want.String()
			}
			if el.Get("value").String() != w {
				el.Set("value", w)
			}
		}
	}
}

// FocusFirst moves the focus from the body or from to the first enabled of ids.
func (page) FocusFirst(r vjs.Value, from string, ids ...string) bool {
	root := js.Value(r)
	if !root.Truthy() {
		return true
	}
	active := js.Global().Get("document").Get("activeElement")
	if active.Truthy() && active.Get("tagName").String() != "BODY" &&
		active.Call("getAttribute", "data-testid").String() != from {
		return true // the visitor moved on
	}
	for _, id := range ids {
		b := root.Call("querySelector", `[data-testid="`+id+`"]`)
		if b.Truthy() && !b.Get("disabled").Bool() {
			b.Call("focus")
			return true
		}
	}
	return false
}
