package main

// -skip-main: our entry point is main_js.go, so vugugen must not write its
// own main_wasm.go. vugugen output is not gofmt-clean, hence the last line;
// ./build.sh does the same for every directory with .vugu files.
//go:generate go tool vugugen -skip-go-mod -skip-main .
//go:generate go tool vugugen -skip-go-mod -skip-main dataview
//go:generate go tool vugugen -skip-go-mod -skip-main trainview
//go:generate go tool vugugen -skip-go-mod -skip-main inspectview
//go:generate go tool vugugen -skip-go-mod -skip-main classifyview
//go:generate sh -c "gofmt -w *_gen.go */*_gen.go"
