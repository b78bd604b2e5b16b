//go:build !js || !wasm

package main

import vjs "github.com/vugu/vugu/js"

// inspectGlue is empty outside the browser: there is no canvas to drive.
type inspectGlue struct{}

// inspectYield does nothing outside the browser.
func inspectYield() {}

// sync does nothing outside the browser.
func (c *Inspector) sync() {}

// playStage does nothing outside the browser.
func (c *Inspector) playStage(from, to int) {}

// pauseStage does nothing outside the browser.
func (c *Inspector) pauseStage() {}

// release does nothing outside the browser.
func (c *Inspector) release() {}

// sameElement reports false outside the browser, where there are no elements.
func sameElement(a, b vjs.Value) bool { return false }

// narrowScreen reports false outside the browser.
func narrowScreen() bool { return false }
