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
// gradient helpers, each behind a jsbuf.Endpoint.
type jsPool struct {
	helpers []*jsbuf.Endpoint
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
		ep := jsbuf.NewEndpoint(ctor.New(script))
		ep.Listen("helper worker error")
		p.helpers = append(p.helpers, ep)
	}
	return p, nil
}

func (p *jsPool) Size() int { return len(p.helpers) }

func (p *jsPool) Send(i int, m protocol.Message) error { return p.helpers[i].Send(m) }

// Recv returns helper i's next answer, skipping its Ready.
func (p *jsPool) Recv(i int) (protocol.Message, error) {
	for {
		m, ok := p.helpers[i].Recv(nil)
		if !ok {
			return nil, errors.New("helper worker closed")
		}
		switch m := m.(type) {
		case protocol.Ready:
			continue
		case protocol.Failed:
			return nil, errors.New(m.Message)
		default:
			return m, nil
		}
	}
}

func (p *jsPool) Close() {
	for _, h := range p.helpers {
		h.Close()
	}
	p.helpers = nil
}
