//go:build !js || !wasm

package main

// publishState does nothing natively; in the browser it sets window.flowlab.
func publishState(s pageState) {}
