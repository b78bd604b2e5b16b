//go:build !js || !wasm

package main

import (
	"fmt"
	"os"
)

// main exists so the package builds natively (for go vet and go test); the
// UI itself only runs in a browser.
func main() {
	fmt.Fprintln(os.Stderr, "web: this is Flow Lab's browser UI; run ./build.sh serve and open the printed URL")
	os.Exit(2)
}
