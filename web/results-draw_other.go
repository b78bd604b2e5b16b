//go:build !js || !wasm

package main

import "github.com/vugu/vugu"

// draw does nothing natively: there are no canvases.
func (c *Results) draw(ctx vugu.RenderedCtx) {}
