//go:build js && wasm

package client

import (
	"sync"
	"syscall/js"

	"flowlab/wasm/jsbuf"
	"flowlab/wasm/protocol"
)

// WebWorker is a Conn to a real Web Worker running worker.js, through a
// jsbuf.Endpoint: messages from the worker are handed to deliver on a
// goroutine of its own, in arrival order.
type WebWorker struct {
	ep    *jsbuf.Endpoint
	close sync.Once
}

// StartWorker starts the worker script at url; deliver receives every
// message from it, one at a time, on a goroutine of its own.
func StartWorker(url string, deliver func(protocol.Message)) (*WebWorker, error) {
	var w js.Value
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
			w = start.Invoke(url)
		} else {
			w = js.Global().Get("Worker").New(url)
		}
	}()
	if err != nil {
		return nil, err
	}
	ww := &WebWorker{ep: jsbuf.NewEndpoint(w)}
	ww.ep.Listen("worker error")
	go func() {
		for {
			m, ok := ww.ep.Recv(nil)
			if !ok {
				return
			}
			deliver(m)
		}
	}()
	return ww, nil
}

// Send implements Conn: it posts m, transferring its number buffers.
func (ww *WebWorker) Send(m protocol.Message) error { return ww.ep.Send(m) }

// Close implements Conn: it terminates the worker and releases the callbacks.
func (ww *WebWorker) Close() { ww.close.Do(ww.ep.Close) }
