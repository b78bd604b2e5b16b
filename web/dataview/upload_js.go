//go:build js && wasm

package dataview

import (
	"context"
	"errors"
	"io"
	"syscall/js"

	"github.com/vugu/vugu"

	"flowlab/web/browser"
)

// fileHandle is a browser File the visitor chose or dropped.
type fileHandle struct {
	Name string
	Size int // bytes
	file js.Value
}

// newFileHandle wraps a JS File.
func newFileHandle(f js.Value) fileHandle {
	return fileHandle{Name: f.Get("name").String(), Size: f.Get("size").Int(), file: f}
}

// open returns a source of the file's chunks, each read with
// File.slice(…).arrayBuffer(). Each chunk waits for the browser's promise,
// so the source must be used on its own goroutine, never in a js.Func
// callback or an event handler; between chunks the page paints.
func (f fileHandle) open() chunkSource {
	off := 0
	var buf []byte
	return func() ([]byte, error) {
		if off >= f.Size {
			return nil, io.EOF
		}
		end := min(off+readChunk, f.Size)
		ab, err := browser.Await(context.Background(), f.file.Call("slice", off, end).Call("arrayBuffer"))
		if err != nil {
			return nil, err
		}
		view := js.Global().Get("Uint8Array").New(ab)
		n := view.Get("length").Int()
		if n == 0 {
			return nil, io.EOF // the file shrank since it was chosen
		}
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if js.CopyBytesToGo(buf, view) != n {
			return nil, errors.New("short read")
		}
		off += n
		return buf, nil
	}
}

// chosenFile returns the file picked in the <input type="file"> whose change
// event ev is, and clears the input so that picking the same file again
// (after editing it) is a change too.
func chosenFile(ev vugu.DOMEvent) (fileHandle, bool) {
	input := js.Value(ev.JSEventTarget())
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return fileHandle{}, false
	}
	f := newFileHandle(files.Index(0))
	input.Set("value", "")
	return f, true
}

// droppedFile returns the first file of the drop event ev and the number of
// files dropped.
func droppedFile(ev vugu.DOMEvent) (fileHandle, int) {
	dt := js.Value(ev.JSEvent()).Get("dataTransfer")
	if !dt.Truthy() {
		return fileHandle{}, 0
	}
	files := dt.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return fileHandle{}, 0
	}
	return newFileHandle(files.Index(0)), files.Length()
}
