//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains that the worker only runs in a browser; its logic (Driver) is
// tested natively.
func main() {
	fmt.Fprintln(os.Stderr, "worker: runs only as GOOS=js GOARCH=wasm inside a Web Worker; see build.sh")
	os.Exit(2)
}
