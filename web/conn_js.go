//go:build js && wasm

package main

import (
	"syscall/js"

	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
)

// workerScript is the training worker's bootstrap, relative to the page.
const workerScript = "worker.js"

// newWorkerConn starts a Web Worker for one class flow.
func newWorkerConn(class int, deliver func(protocol.Message)) (client.Conn, error) {
	return client.StartWorker(workerScript, deliver)
}

// setHash replaces the URL hash without adding a history entry, so a link
// copied at any time restores the page.
func setHash(h string) {
	loc := js.Global().Get("location")
	if !loc.Truthy() || !js.Global().Get("history").Truthy() {
		return // not a page (e.g. tests under Node)
	}
	url := loc.Get("pathname").String() + loc.Get("search").String()
	if h != "" {
		url += "#" + h
	}
	js.Global().Get("history").Call("replaceState", nil, "", url)
}

// locationHash returns the page's URL hash without the leading #.
func locationHash() string {
	loc := js.Global().Get("location")
	if !loc.Truthy() {
		return ""
	}
	h := loc.Get("hash").String()
	if len(h) > 0 && h[0] == '#' {
		h = h[1:]
	}
	return h
}

// hardwareConcurrency is navigator.hardwareConcurrency (1 if unknown).
func hardwareConcurrency() int {
	nav := js.Global().Get("navigator")
	if !nav.Truthy() {
		return 1 // not a browser (e.g. tests under Node)
	}
	n := nav.Get("hardwareConcurrency")
	if n.Type() != js.TypeNumber {
		return 1
	}
	return max(1, n.Int())
}
