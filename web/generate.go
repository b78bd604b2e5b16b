package main

// -skip-main: our entry point is main_js.go, so vugugen must not write its
// own main_wasm.go. ./build.sh also runs gofmt on the generated files.
//go:generate go tool vugugen -skip-go-mod -skip-main .
//go:generate gofmt -w root_gen.go
