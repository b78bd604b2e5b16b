package main

import (
	"context"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
)

// Root is the page's root component: header, status line, error message and
// the Data section. root.vugu is its template.
type Root struct {
	// Status is the one-line status shown under the header.
	Status string
	// Err is the error message shown to the user, or "".
	Err string
	// Summary describes the loaded dataset; nil until it is loaded.
	Summary *DatasetSummary
	// Fetch downloads a URL relative to the page. Nil means the browser's
	// fetch (fetchBytes); tests set their own.
	Fetch func(ctx context.Context, url string) ([]byte, error)

	dataset *data.Dataset
}

// Init starts loading the bundled dataset in the background.
func (r *Root) Init(ctx vugu.InitCtx) {
	r.Status = "Loading the RR Lyrae data…"
	fetch := r.Fetch
	if fetch == nil {
		fetch = fetchBytes
	}
	go r.loadData(ctx.EventEnv(), fetch)
}

// loadData fetches and decodes the data asset, then updates r under env's
// lock and asks for a render. It runs on its own goroutine.
func (r *Root) loadData(env vugu.EventEnv, fetch func(context.Context, string) ([]byte, error)) {
	b, err := fetch(context.Background(), datasetURL)
	var ds *data.Dataset
	if err == nil {
		ds, err = data.DecodeAsset(b)
	}
	env.Lock()
	defer env.UnlockRender()
	if err != nil {
		r.Err = "Could not load the RR Lyrae data (" + datasetURL + "): " + err.Error()
		r.Status = "The data did not load."
		return
	}
	r.dataset = ds
	s := summarize(ds)
	r.Summary = &s
	r.Status = "Ready: the RR Lyrae data is loaded."
}

// state returns the page state for window.flowlab. main publishes it after
// every render (vugu calls Rendered only on child components, not the root),
// so a test that sees Ready also sees the rendered summary. Call it with the
// event env's read lock held.
func (r *Root) state() pageState {
	return pageState{Ready: r.Summary != nil, Status: r.Status, Error: r.Err, Dataset: r.Summary}
}
