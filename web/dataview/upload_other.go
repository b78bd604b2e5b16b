//go:build !js || !wasm

package dataview

import (
	"errors"

	"github.com/vugu/vugu"
)

// fileHandle stands in for a browser File outside the browser (see
// upload_js.go); there are never any.
type fileHandle struct {
	Name string
	Size int
}

// open returns a source that always fails outside the browser.
func (f fileHandle) open() chunkSource {
	return func() ([]byte, error) { return nil, errors.New("files can only be read in the browser") }
}

// chosenFile finds no file outside the browser.
func chosenFile(ev vugu.DOMEvent) (fileHandle, bool) { return fileHandle{}, false }

// droppedFile finds no file outside the browser.
func droppedFile(ev vugu.DOMEvent) (fileHandle, int) { return fileHandle{}, 0 }
