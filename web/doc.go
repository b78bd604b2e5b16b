// Command web is Flow Lab's user interface: vugu components compiled to
// WebAssembly (dist/app.wasm) and mounted into index.html's
// #vugu_mount_point.
//
// Files ending in _js.go hold the browser glue (build constraint js && wasm);
// each has a twin ending in _other.go so the package builds, vets and tests
// natively. Everything else is plain Go. The *_gen.go files are generated from
// the .vugu files by `go tool vugugen -skip-go-mod -skip-main .` (see
// generate.go); ./build.sh regenerates them and gofmt-formats them, and
// `./build.sh test` fails if the committed copies are stale.
//
// For end-to-end tests the page exposes window.flowlab (see hook.go).
package main
