// Package browser is the one place the UI crosses into the browser. Page
// names every call (fetch, the URL hash, files, the clipboard, canvases,
// the inspector's stage, workers); the _js.go files implement it with
// syscall/js and set Current, and Fake stands in for it natively, so every
// view is plain Go, built and tested natively. Chart is the one canvas host
// every chart uses.
package browser
