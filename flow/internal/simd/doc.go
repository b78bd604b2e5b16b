// Package simd holds the flow package's WebAssembly SIMD accelerators: the
// encoders that assemble the two modules (KernelsModule: the dense products;
// VectorModule: the gradient reduction and the Adam update; native only, run
// by `go generate`, which writes kernels.wasm and vector.wasm for ops.go to
// embed) and, under GOOS=js, the glue that instantiates them on the Go program's
// own memory and calls them (Kernels, Vector). Package flow drives them and
// keeps pure-Go fallbacks that give the same bits; this is the only package
// of the engine that uses syscall/js.
package simd
