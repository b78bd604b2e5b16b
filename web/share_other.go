//go:build !js || !wasm

package main

import (
	"errors"

	vjs "github.com/vugu/vugu/js"
)

// downloadFile does nothing natively.
func downloadFile(name, mime string, b []byte) {}

// readFileInput has no files natively: it reports an error.
func readFileInput(input vjs.Value, maxBytes int, done func(name string, b []byte, err error)) {
	done("", nil, errors.New("files can only be read in the browser"))
}

// copyText has no clipboard natively: it reports an error.
func copyText(s string, done func(error)) { done(errors.New("no clipboard outside the browser")) }

// pageHref is empty natively.
func pageHref() string { return "" }
