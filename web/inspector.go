package main

// Inspector shows the trained flows layer by layer. inspector.vugu is its
// template.
type Inspector struct {
	App *App
}
