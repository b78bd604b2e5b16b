//go:build !js || !wasm

package browser

import (
	"context"
	"errors"

	"flowlab/wasm/client"
)

// Fetch is the native stand-in for the browser fetch in browser_js.go; it
// always fails, since there is no page to fetch relative to.
func Fetch(ctx context.Context, url string) ([]byte, error) {
	return nil, errors.New("fetch " + url + ": only available in the browser")
}

// NewWorkerConn has no Web Workers natively; tests set App.NewConn to
// in-process drivers instead.
func NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error) {
	return nil, errors.New("web workers exist only in the browser")
}

// SetHash does nothing natively.
func SetHash(h string) {}

// LocationHash is empty natively.
func LocationHash() string { return "" }

// Cores is 1 natively (tests set State.Workers explicitly).
func Cores() int { return 1 }
