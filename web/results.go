package main

// Results shows how well the flows classify. results.vugu is its template.
type Results struct {
	App *App
}
