package app

import "time"

// BrowserYield lets the browser paint and handle input between chunks of
// work done on the page's thread: Go's wasm runtime returns to the event
// loop while a goroutine sleeps. Natively it only costs a millisecond.
func BrowserYield() { time.Sleep(time.Millisecond) }
