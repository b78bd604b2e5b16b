//go:build js && wasm

package main

import (
	"context"
	"sync"
	"syscall/js"
	"time"

	"flowlab/wasm/driver"
	"flowlab/wasm/jsbuf"
	"flowlab/wasm/protocol"
)

// inbox is an unbounded queue: the JS message callback must never block, so
// it appends under a lock and signals a goroutine that feeds the driver.
type inbox struct {
	mu    sync.Mutex
	queue []protocol.Message
	wake  chan struct{}
}

func (q *inbox) push(m protocol.Message) {
	q.mu.Lock()
	q.queue = append(q.queue, m)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *inbox) pump(ctx context.Context, out chan<- protocol.Message) {
	for {
		q.mu.Lock()
		batch := q.queue
		q.queue = nil
		q.mu.Unlock()
		for _, m := range batch {
			select {
			case out <- m:
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-q.wake:
		case <-ctx.Done():
			return
		}
	}
}

func main() {
	self := js.Global()
	post := func(m protocol.Message) {
		obj, transfer, err := jsbuf.ToJS(m)
		if err != nil {
			obj, transfer, _ = jsbuf.ToJS(protocol.Failed{Message: err.Error()})
		}
		self.Call("postMessage", obj, transfer)
	}
	d := driver.NewDriver(post)
	d.NewPool = newJSPool
	d.Release = jsbuf.Release
	// A timer yield returns control to the event loop so queued messages run.
	d.Yield = func() { time.Sleep(time.Millisecond) }

	q := &inbox{wake: make(chan struct{}, 1)}
	receive := js.FuncOf(func(this js.Value, args []js.Value) any {
		m, err := jsbuf.FromJS(args[0])
		if err != nil {
			post(protocol.Failed{Message: err.Error()})
			return nil
		}
		q.push(m)
		return nil
	})
	ctx := context.Background()
	msgs := make(chan protocol.Message)
	go q.pump(ctx, msgs)
	self.Set("flowlabReceive", receive)
	post(protocol.Ready{})
	d.Run(ctx, msgs)
}
