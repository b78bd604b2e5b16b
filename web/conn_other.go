//go:build !js || !wasm

package main

import (
	"errors"

	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
)

// newWorkerConn has no Web Workers natively; tests set App.NewConn to
// in-process drivers instead.
func newWorkerConn(class int, deliver func(protocol.Message)) (client.Conn, error) {
	return nil, errors.New("web workers exist only in the browser")
}

// setHash does nothing natively.
func setHash(h string) {}

// locationHash is empty natively.
func locationHash() string { return "" }

// hardwareConcurrency is 1 natively (tests set State.Workers explicitly).
func hardwareConcurrency() int { return 1 }
