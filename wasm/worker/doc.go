// Command worker is the Go program that runs inside each training Web Worker,
// one Go wasm instance per class flow. main_js.go moves protocol messages
// between JavaScript and a driver.Driver, which does the work; worker.js is
// the bootstrap that loads this program and queues early messages.
package main
