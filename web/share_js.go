//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"

	vjs "github.com/vugu/vugu/js"
)

// downloadFile offers b to the visitor as a file called name: a Blob URL
// clicked through a temporary <a download> element, released a minute later.
func downloadFile(name, mime string, b []byte) {
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

// readFileInput reads the first file of a file <input> and calls done with
// its name and bytes (or an error), from a JS callback: done must not block.
// The input is cleared so the same file can be chosen again.
func readFileInput(input vjs.Value, maxBytes int, done func(name string, b []byte, err error)) {
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
		done(name, nil, fmt.Errorf("the file is %s; Flow Lab reads files of at most %s", formatBytes(size), formatBytes(maxBytes)))
		return
	}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		b := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		release()
		done(name, b, nil)
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "the browser could not read it"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		release()
		done(name, nil, errors.New(msg))
		return nil
	})
	file.Call("arrayBuffer").Call("then", ok, fail)
	in.Set("value", "")
}

// copyText puts s on the clipboard and calls done with the outcome from a
// JS callback (done must not block).
func copyText(s string, done func(error)) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(errors.New("no clipboard access"))
		return
	}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		release()
		done(nil)
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		release()
		done(errors.New("clipboard refused"))
		return nil
	})
	clip.Call("writeText", s).Call("then", ok, fail)
}

// pageHref is the page's full address, hash included.
func pageHref() string { return js.Global().Get("location").Get("href").String() }
