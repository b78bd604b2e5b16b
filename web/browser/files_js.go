//go:build js && wasm

package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall/js"

	"github.com/vugu/vugu"
	vjs "github.com/vugu/vugu/js"

	"flowlab/web/format"
)

// Download clicks a Blob URL through a temporary <a download> element; the
// URL is released a minute later.
func (page) Download(name, mime string, b []byte) {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var release js.Func
	release = js.FuncOf(func(this js.Value, args []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		release.Release()
		return nil
	})
	js.Global().Call("setTimeout", release, 60000)
}

// then calls ok or fail (from a JS callback) when promise settles, releasing
// both callbacks.
func then(promise js.Value, ok func(js.Value), fail func(js.Value)) {
	var okFn, failFn js.Func
	release := func() { okFn.Release(); failFn.Release() }
	okFn = js.FuncOf(func(this js.Value, args []js.Value) any {
		release()
		ok(arg0(args))
		return nil
	})
	failFn = js.FuncOf(func(this js.Value, args []js.Value) any {
		release()
		fail(arg0(args))
		return nil
	})
	promise.Call("then", okFn, failFn)
}

// arg0 is a callback's first argument, undefined if there is none.
func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// CopyText calls navigator.clipboard.writeText.
func (page) CopyText(s string, done func(error)) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(errors.New("no clipboard access"))
		return
	}
	then(clip.Call("writeText", s),
		func(js.Value) { done(nil) },
		func(js.Value) { done(errors.New("clipboard refused")) })
}

// ReadFileInput reads the input's first file with File.arrayBuffer().
func (page) ReadFileInput(input vjs.Value, maxBytes int, done func(name string, b []byte, err error)) {
	in := js.Value(input)
	files := in.Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		done("", nil, errors.New("no file was chosen"))
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > maxBytes {
		in.Set("value", "")
		done(name, nil, fmt.Errorf("the file is %s; Flow Lab reads files of at most %s", format.Bytes(size), format.Bytes(maxBytes)))
		return
	}
	then(file.Call("arrayBuffer"), func(buf js.Value) {
		arr := js.Global().Get("Uint8Array").New(buf)
		b := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		done(name, b, nil)
	}, func(reason js.Value) {
		msg := "the browser could not read it"
		if reason.Truthy() {
			msg = reason.Call("toString").String()
		}
		done(name, nil, errors.New(msg))
	})
	in.Set("value", "")
}

// newFile wraps a JS File; its chunks are read with
// File.slice(…).arrayBuffer(), the page painting between them.
func newFile(file js.Value) File {
	f := File{Name: file.Get("name").String(), Size: file.Get("size").Int()}
	f.Open = func(chunk int) func() ([]byte, error) {
		off := 0
		var buf []byte
		return func() ([]byte, error) {
			if off >= f.Size {
				return nil, io.EOF
			}
			end := min(off+chunk, f.Size)
			ab, err := await(context.Background(), file.Call("slice", off, end).Call("arrayBuffer"))
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
	return f
}

// ChosenFile reads the event target's files and clears the input, so that
// picking the same file again (after editing it) is a change too.
func (page) ChosenFile(ev vugu.DOMEvent) (File, bool) {
	input := js.Value(ev.JSEventTarget())
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return File{}, false
	}
	f := newFile(files.Index(0))
	input.Set("value", "")
	return f, true
}

// DroppedFile reads the event's dataTransfer.
func (page) DroppedFile(ev vugu.DOMEvent) (File, int) {
	dt := js.Value(ev.JSEvent()).Get("dataTransfer")
	if !dt.Truthy() {
		return File{}, 0
	}
	files := dt.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return File{}, 0
	}
	return newFile(files.Index(0)), files.Length()
}

var guardDrops sync.Once

// GuardDrops cancels the window's dragover and drop of files.
func (page) GuardDrops() {
	guardDrops.Do(func() {
		stop := js.FuncOf(func(_ js.Value, args []js.Value) any {
			if dt := args[0].Get("dataTransfer"); dt.Truthy() && js.Global().Get("Array").Call("from", dt.Get("types")).Call("includes", "Files").Bool() {
				args[0].Call("preventDefault")
			}
			return nil
		})
		js.Global().Call("addEventListener", "dragover", stop)
		js.Global().Call("addEventListener", "drop", stop)
	})
}
