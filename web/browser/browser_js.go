//go:build js && wasm

package browser

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"

	"flowlab/wasm/client"
)

// Fetch downloads url (relative to the page) with the browser's fetch and
// returns the body. A non-2xx status is an error. Cancelling ctx aborts the
// request. It must not be called from inside a js.Func callback: it blocks
// until the promises settle.
func Fetch(ctx context.Context, url string) ([]byte, error) {
	ctrl := js.Global().Get("AbortController").New()
	stop := context.AfterFunc(ctx, func() { ctrl.Call("abort") })
	defer stop()

	resp, err := Await(ctx, js.Global().Call("fetch", url, map[string]any{"signal": ctrl.Get("signal")}))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("fetch %s: HTTP %d %s", url, resp.Get("status").Int(), resp.Get("statusText").String())
	}
	buf, err := Await(ctx, resp.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: reading the body: %w", url, err)
	}
	view := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, view.Get("length").Int())
	js.CopyBytesToGo(b, view)
	return b, nil
}

// Await waits for a JS promise. Its callbacks only copy the outcome into a
// buffered channel (they never block) and are released once it settles.
func Await(ctx context.Context, promise js.Value) (js.Value, error) {
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

// WorkerScript is the training worker's bootstrap, relative to the page.
const WorkerScript = "worker.js"

// NewWorkerConn starts a Web Worker for one class flow.
func NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error) {
	return client.StartWorker(WorkerScript, deliver)
}

// SetHash replaces the URL hash without adding a history entry, so a link
// copied at any time restores the page.
func SetHash(h string) {
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
func LocationHash() string {
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

// Cores is navigator.Cores (1 if unknown).
func Cores() int {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() {
		return 1 // not a browser (e.g. tests under Node)
	}
	n := nav.Get("Cores")
	if n.Type() != js.TypeNumber {
		return 1
	}
	return max(1, n.Int())
}
