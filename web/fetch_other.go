//go:build !js || !wasm

package main

import (
	"context"
	"errors"
)

// fetchBytes is the native stand-in for the browser fetch in fetch_js.go; it
// always fails, since there is no page to fetch relative to.
func fetchBytes(ctx context.Context, url string) ([]byte, error) {
	return nil, errors.New("fetch " + url + ": only available in the browser")
}
