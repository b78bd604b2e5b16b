//go:build !js || !wasm

package inspectview

import vjs "github.com/vugu/vugu/js"

// inspectGlue is empty outside the browser: there is no canvas to drive.
type inspectGlue struct{}

// sync does nothing outside the browser.
func (c *View) sync() {}

// playStage does nothing outside the browser.
func (c *View) playStage(from, to int) {}

// pauseStage does nothing outside the browser.
func (c *View) pauseStage() {}

// release does nothing outside the browser.
func (c *View) release() {}

// sameElement reports false outside the browser, where there are no elements.
func sameElement(a, b vjs.Value) bool { return false }

// narrowScreen reports false outside the browser.
func narrowScreen() bool { return false }
