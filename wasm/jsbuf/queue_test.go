package jsbuf

import (
	"testing"

	"flowlab/wasm/protocol"
)

// TestQueueKeepsOrderAndNeverDrops pushes more messages than any of the old
// bounded queues held (4096) before popping them, from another goroutine.
func TestQueueKeepsOrderAndNeverDrops(t *testing.T) {
	q := NewQueue()
	const n = 10000
	go func() {
		for i := range n {
			q.Push(protocol.Failed{Message: string(rune('a' + i%26))})
		}
	}()
	for i := range n {
		m, ok := q.Pop(nil)
		if !ok {
			t.Fatalf("message %d: queue ended", i)
		}
		if got, want := m.(protocol.Failed).Message, string(rune('a'+i%26)); got != want {
			t.Fatalf("message %d is %q, want %q", i, got, want)
		}
	}
}

// TestQueueClose ends a waiting Pop, and a closed done channel ends it too.
func TestQueueClose(t *testing.T) {
	q := NewQueue()
	done := make(chan struct{})
	got := make(chan bool)
	go func() {
		_, ok := q.Pop(done)
		got <- ok
	}()
	close(done)
	if <-got {
		t.Fatal("Pop returned a message after done")
	}
	go func() {
		_, ok := q.Pop(nil)
		got <- ok
	}()
	q.Close()
	if <-got {
		t.Fatal("Pop returned a message after Close")
	}
	q.Push(protocol.Ready{})
	if _, ok := q.Pop(nil); ok {
		t.Fatal("a closed queue took a message")
	}
}
