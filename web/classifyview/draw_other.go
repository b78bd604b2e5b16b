//go:build !js || !wasm

package classifyview

import "github.com/vugu/vugu"

// draw does nothing natively: there are no canvases.
func (c *View) draw(ctx vugu.RenderedCtx) {}
