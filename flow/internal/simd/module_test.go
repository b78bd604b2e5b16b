//go:build !js

package simd

import (
	"bytes"
	"testing"
)

// TestModuleSizes checks that the modules stay within the 4 KB that Chromium
// compiles synchronously on a page's main thread (larger modules throw
// there, and the engine would fall back to the Go loops), the vector module
// well under it.
func TestModuleSizes(t *testing.T) {
	if n := len(KernelsModule()); n > 4096 {
		t.Errorf("SIMD kernels module is %d bytes, more than 4096", n)
	}
	if n := len(VectorModule()); n > 1024 {
		t.Errorf("vector module is %d bytes, more than 1024", n)
	}
}

// TestModuleHeaders checks that both modules start with the WebAssembly magic
// and version 1 and are assembled the same way every time.
func TestModuleHeaders(t *testing.T) {
	for name, mod := range map[string]func() []byte{"kernels": KernelsModule, "vector": VectorModule} {
		b := mod()
		if !bytes.HasPrefix(b, []byte("\x00asm\x01\x00\x00\x00")) || !bytes.Equal(b, mod()) {
			t.Errorf("%s module: header % x, deterministic %v", name, b[:min(8, len(b))], bytes.Equal(b, mod()))
		}
	}
}

// TestEmbeddedModules checks that the modules the wasm programs embed are the
// ones the encoders assemble today (else: go generate ./flow/internal/simd).
func TestEmbeddedModules(t *testing.T) {
	if !bytes.Equal(kernelsWasm, KernelsModule()) || !bytes.Equal(vectorWasm, VectorModule()) {
		t.Errorf("kernels.wasm or vector.wasm is stale: run go generate ./flow/internal/simd")
	}
}
