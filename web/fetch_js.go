//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// fetchBytes downloads url (relative to the page) with the browser's fetch and
// returns the body. A non-2xx status is an error. Cancelling ctx aborts the
// request. It must not be called from inside a js.Func callback: it blocks
// until the promises settle.
func fetchBytes(ctx context.Context, url string) ([]byte, error) {
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
