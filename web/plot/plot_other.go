//go:build !(js && wasm)

package plot

// Draw only encodes f outside a browser (there is no canvas), so views that
// draw still build and run in native tests. It returns Encode's error.
func Draw(canvas any, f Figure) error {
	_, _, err := Encode(f)
	return err
}
