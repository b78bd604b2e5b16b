//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"flowlab/wasm/driver"
	"flowlab/wasm/jsbuf"
	"flowlab/wasm/protocol"
)

// jsPool is a set of nested Web Workers running this same program as
// gradient helpers. Each helper's messages are decoded in its onmessage
// callback (a copy, never a block) and queued for Recv.
type jsPool struct {
	workers []js.Value
	funcs   []js.Func
	inbox   []chan protocol.Message
}

// newJSPool starts n helper workers from this worker's own script.
func newJSPool(n int) (driver.Pool, error) {
	p := &jsPool{}
	script := js.Global().Get("location").Get("href")
	ctor := js.Global().Get("Worker")
	if !ctor.Truthy() {
		return nil, errors.New("this browser cannot start workers from a worker")
	}
	for range n {
		ch := make(chan protocol.Message, 64)
		w := ctor.New(script)
		onMsg := js.FuncOf(func(this js.Value, args []js.Value) any {
			m, err := jsbuf.FromJS(args[0].Get("data"))
			if err != nil {
				m = protocol.Failed{Message: err.Error()}
			}
			if _, ready := m.(protocol.Ready); ready {
				return nil
			}
			select {
			case ch <- m:
			default: // a helper only ever has one answer outstanding
			}
			return nil
		})
		onErr := js.FuncOf(func(this js.Value, args []js.Value) any {
			select {
			case ch <- protocol.Failed{Message: "helper worker error: " + args[0].Get("message").String()}:
			default:
			}
			return nil
		})
		w.Set("onmessage", onMsg)
		w.Set("onerror", onErr)
		p.workers = append(p.workers, w)
		p.funcs = append(p.funcs, onMsg, onErr)
		p.inbox = append(p.inbox, ch)
	}
	return p, nil
}

func (p *jsPool) Size() int { return len(p.workers) }

func (p *jsPool) Send(i int, m protocol.Message) error {
	obj, transfer, err := jsbuf.ToJS(m)
	if err != nil {
		return err
	}
	p.workers[i].Call("postMessage", obj, transfer)
	return nil
}

func (p *jsPool) Recv(i int) (protocol.Message, error) {
	m := <-p.inbox[i]
	if f, ok := m.(protocol.Failed); ok {
		return nil, errors.New(f.Message)
	}
	return m, nil
}

func (p *jsPool) Close() {
	for _, w := range p.workers {
		w.Call("terminate")
	}
	for _, f := range p.funcs {
		f.Release()
	}
	p.workers, p.funcs = nil, nil
}
