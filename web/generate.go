package main

// -skip-main: our entry point is main_js.go, so vugugen must not write its
// own main_wasm.go. vugugen output is not gofmt-clean, hence the second
// line; ./build.sh does the same two steps.
//go:generate go tool vugugen -skip-go-mod -skip-main .
//go:generate sh -c "gofmt -w *_gen.go"
