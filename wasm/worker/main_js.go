//go:build js && wasm

package main

import (
	"context"
	"syscall/js"
	"time"

	"flowlab/wasm/driver"
	"flowlab/wasm/jsbuf"
	"flowlab/wasm/protocol"
)

func main() {
	// The worker's own scope is its endpoint to the page: worker.js hands
	// every message's data to flowlabReceive.
	self := jsbuf.NewEndpoint(js.Global())
	post := func(m protocol.Message) {
		if err := self.Send(m); err != nil {
			self.Send(protocol.Failed{Message: err.Error()})
		}
	}
	d := driver.NewDriver(post)
	d.NewPool = newJSPool
	d.Release = jsbuf.Release
	// A timer yield returns control to the event loop so queued messages run.
	d.Yield = func() { time.Sleep(time.Millisecond) }

	receive := js.FuncOf(func(this js.Value, args []js.Value) any {
		if err := self.Receive(args[0]); err != nil {
			post(protocol.Failed{Message: err.Error()})
		}
		return nil
	})
	ctx := context.Background()
	msgs := make(chan protocol.Message)
	go func() {
		for {
			m, ok := self.Recv(ctx.Done())
			if !ok {
				return
			}
			msgs <- m
		}
	}()
	js.Global().Set("flowlabReceive", receive)
	post(protocol.Ready{})
	d.Run(ctx, msgs)
}
