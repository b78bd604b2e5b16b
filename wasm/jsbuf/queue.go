package jsbuf

import (
	"sync"

	"flowlab/wasm/protocol"
)

// Queue is the one queue policy of every worker endpoint (the page's
// workers, a worker's inbox, a worker's helpers): unbounded and in order.
// Push never blocks, so a JS message callback can call it, and never drops
// a message; Pop waits for the next one.
type Queue struct {
	mu     sync.Mutex
	items  []protocol.Message
	wake   chan struct{}
	closed bool
}

// NewQueue returns an empty queue.
func NewQueue() *Queue { return &Queue{wake: make(chan struct{}, 1)} }

// Push appends m; after Close it is dropped.
func (q *Queue) Push(m protocol.Message) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, m)
	}
	q.mu.Unlock()
	q.signal()
}

// signal wakes a waiting Pop without blocking.
func (q *Queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Pop returns the oldest message, waiting for one; ok is false once the
// queue is closed or done is closed.
func (q *Queue) Pop(done <-chan struct{}) (m protocol.Message, ok bool) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return nil, false
		}
		if len(q.items) > 0 {
			m = q.items[0]
			q.items[0] = nil
			q.items = q.items[1:]
			q.mu.Unlock()
			return m, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-done:
			return nil, false
		}
	}
}

// Close drops what is queued and ends every Pop.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed, q.items = true, nil
	q.mu.Unlock()
	q.signal()
}
