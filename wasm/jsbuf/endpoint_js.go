//go:build js && wasm

package jsbuf

import (
	"syscall/js"

	"flowlab/wasm/protocol"
)

// Endpoint is the one worker endpoint type: the Go side of a postMessage
// channel, be it a Web Worker seen from the page, a helper seen from its
// worker, or a worker's own scope. Arriving messages are decoded inside the
// JS callback (a copy, never a block) and kept in a Queue, in order and
// never dropped; Send posts, transferring the number buffers.
type Endpoint struct {
	target js.Value
	queue  *Queue
	funcs  []js.Func
}

// NewEndpoint wraps target, anything with postMessage.
func NewEndpoint(target js.Value) *Endpoint {
	return &Endpoint{target: target, queue: NewQueue()}
}

// Listen makes target's message and error events feed the queue. A message
// that does not decode, or an error event, arrives as protocol.Failed: the
// error event's message after errPrefix and ": ".
func (e *Endpoint) Listen(errPrefix string) {
	onMsg := js.FuncOf(func(this js.Value, args []js.Value) any {
		if err := e.Receive(args[0].Get("data")); err != nil {
			e.queue.Push(protocol.Failed{Message: err.Error()})
		}
		return nil
	})
	onErr := js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := errPrefix
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			msg += ": " + args[0].Get("message").String()
		}
		e.queue.Push(protocol.Failed{Message: msg})
		return nil
	})
	e.target.Set("onmessage", onMsg)
	e.target.Set("onerror", onErr)
	e.funcs = append(e.funcs, onMsg, onErr)
}

// Receive decodes one posted object into the queue, or returns why it
// could not (then nothing is queued).
func (e *Endpoint) Receive(v js.Value) error {
	m, err := FromJS(v)
	if err != nil {
		return err
	}
	e.queue.Push(m)
	return nil
}

// Recv returns the next message, waiting for it; ok is false once the
// endpoint is closed or done is closed.
func (e *Endpoint) Recv(done <-chan struct{}) (m protocol.Message, ok bool) {
	return e.queue.Pop(done)
}

// Send posts m, transferring its number buffers.
func (e *Endpoint) Send(m protocol.Message) error {
	obj, transfer, err := ToJS(m)
	if err != nil {
		return err
	}
	e.target.Call("postMessage", obj, transfer)
	return nil
}

// Close terminates a worker target, releases the callbacks and ends Recv.
// The handlers are detached first: a worker terminated while it still loads
// its scripts can fire an error event after terminate, and a released
// js.Func that is called throws "call to released function".
func (e *Endpoint) Close() {
	if t := e.target.Get("terminate"); t.Type() == js.TypeFunction {
		e.target.Call("terminate")
	}
	if len(e.funcs) > 0 {
		e.target.Set("onmessage", js.Null())
		e.target.Set("onerror", js.Null())
	}
	for _, f := range e.funcs {
		f.Release()
	}
	e.funcs = nil
	e.queue.Close()
}
