//go:build !js || !wasm

package trainview

// syncControls does nothing outside the browser: there are no DOM
// properties to sync.
func (c *View) syncControls() {}
