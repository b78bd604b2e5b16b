//go:build !js || !wasm

package inspectview

import vjs "github.com/vugu/vugu/js"

// splinePopulated does nothing outside the browser: there is no canvas.
func (c *View) splinePopulated(v vjs.Value) {}
