//go:build js && wasm

package client

import (
	"syscall/js"

	"flowlab/wasm/jsbuf"
	"flowlab/wasm/protocol"
)

// WebWorker is a Conn to a real Web Worker running worker.js. Messages from
// the worker are decoded inside the JS callback (a copy, never a block) and
// handed to deliver on a new goroutine in arrival order.
type WebWorker struct {
	w       js.Value
	onMsg   js.Func
	onErr   js.Func
	queue   chan protocol.Message
	stopped chan struct{}
}

// StartWorker starts the worker script at url; deliver receives every
// message from it, one at a time, on a goroutine of its own.
func StartWorker(url string, deliver func(protocol.Message)) (*WebWorker, error) {
	ww := &WebWorker{queue: make(chan protocol.Message, 4096), stopped: make(chan struct{})}
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				if e, ok := r.(error); ok {
					err = e
				}
			}
		}()
		// The page's flowlabStartWorker (assets/workers.js) also posts the
		// worker the wasm module it compiled once for every run.
		if start := js.Global().Get("flowlabStartWorker"); start.Type() == js.TypeFunction {
			ww.w = start.Invoke(url)
		} else {
			ww.w = js.Global().Get("Worker").New(url)
		}
	}()
	if err != nil {
		return nil, err
	}
	ww.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		m, err := jsbuf.FromJS(args[0].Get("data"))
		if err != nil {
			m = protocol.Failed{Message: err.Error()}
		}
		select {
		case ww.queue <- m:
		default:
			// The UI fell 4096 messages behind: drop progress, never block JS.
		}
		return nil
	})
	ww.onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "worker error"
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			msg = "worker error: " + args[0].Get("message").String()
		}
		select {
		case ww.queue <- protocol.Failed{Message: msg}:
		default:
		}
		return nil
	})
	ww.w.Set("onmessage", ww.onMsg)
	ww.w.Set("onerror", ww.onErr)
	go func() {
		for {
			select {
			case m := <-ww.queue:
				deliver(m)
			case <-ww.stopped:
				return
			}
		}
	}()
	return ww, nil
}

// Send implements Conn: it posts m, transferring its number buffers.
func (ww *WebWorker) Send(m protocol.Message) error {
	obj, transfer, err := jsbuf.ToJS(m)
	if err != nil {
		return err
	}
	ww.w.Call("postMessage", obj, transfer)
	return nil
}

// Close implements Conn: it terminates the worker and releases the callbacks.
func (ww *WebWorker) Close() {
	select {
	case <-ww.stopped:
		return
	default:
	}
	close(ww.stopped)
	ww.w.Call("terminate")
	ww.onMsg.Release()
	ww.onErr.Release()
}
