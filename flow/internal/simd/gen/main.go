//go:build !js

// Command gen writes the SIMD modules that package simd embeds,
// kernels.wasm and vector.wasm, from the encoders of module.go and vector.go.
// Run it through `go generate ./flow/internal/simd`.
package main

import (
	"log"
	"os"

	"flowlab/flow/internal/simd"
)

func main() {
	for name, mod := range map[string]func() []byte{"kernels.wasm": simd.KernelsModule, "vector.wasm": simd.VectorModule} {
		if err := os.WriteFile(name, mod(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
