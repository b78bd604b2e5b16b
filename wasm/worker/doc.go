// Command worker is the Go program that runs inside each training Web Worker:
// one Go wasm instance per class flow. The browser glue (main_js.go and
// worker.js) moves protocol messages; Driver (plain Go, tested natively) does
// the work: it builds the flow, trains it step by step, yields so that Pause
// and Stop arrive promptly, and reports progress, epochs, snapshots and scores.
package main
