// Package browser is where the UI meets the browser for page-wide facts
// and services: fetching a file, awaiting a promise, the URL hash, the number
// of cores, starting a training worker. browser_js.go is the syscall/js
// implementation; browser_other.go the native stand-in, so every package
// above builds and tests natively.
package browser
