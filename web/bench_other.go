//go:build !js || !wasm

package main

// installBench does nothing natively; the benchmark runs in a browser.
func installBench() {}
