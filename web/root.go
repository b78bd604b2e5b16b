package main

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/browser"
)

// Root is the page's root component: header, navigation between the views,
// the status line and error message, and the current view. It owns the App
// that every view shares. root.vugu is its template.
type Root struct {
	// App is the page's state; Init makes it from Hash when nil.
	App *app.App
	// Hash is the URL hash the page was opened with (set by main).
	Hash string
	// Fetch downloads a URL relative to the page. Nil means the browser's
	// fetch (browser.Fetch); tests set their own.
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// DataShown, when not nil, is closed by the render loop (DataRendered)
	// once the page has drawn the loaded data: the pretrained flows are
	// fetched and read only then, so they never delay the first usable view.
	DataShown chan struct{}
	shownOnce sync.Once
}

// DataRendered is called by the render loop after each render with the state
// it published; the first one with the data loaded closes DataShown.
func (r *Root) DataRendered(st pageState) {
	if st.Ready && r.DataShown != nil {
		r.shownOnce.Do(func() { close(r.DataShown) })
	}
}

// DatasetURL is where the built site keeps the bundled data asset, relative
// to index.html.
const DatasetURL = "data/rrlyrae.bin"

// pretrainedURL is the pretrained classifier for the bundled data and a
// model kind, made at build time by `flowlab reproduce -preset quick -seed 1`.
func pretrainedURL(model string) string { return "pretrained/quick-" + model + ".json" }

// Init creates the app, then loads the bundled data and the pretrained flows
// in the background.
func (r *Root) Init(ctx vugu.InitCtx) {
	if r.App == nil {
		r.App = app.NewApp(r.Hash)
	}
	a := r.App
	a.Env = ctx.EventEnv()
	if a.NewConn == nil {
		a.NewConn = browser.NewWorkerConn
	}
	if a.Cores == 0 {
		a.Cores = browser.Current.Cores()
	}
	a.OnChange = func() { browser.Current.SetHash(a.State.Encode()) }
	a.Status = "Loading the RR Lyrae data…"
	fetch := r.Fetch
	if fetch == nil {
		fetch = browser.Fetch
	}
	go r.load(ctx.EventEnv(), fetch)
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			a.Flush()
		}
	}()
}

// load fetches and decodes the data asset, selects the dataset the URL asks
// for, then fetches the pretrained classifier. It runs on its own goroutine
// and updates the app under env's lock.
func (r *Root) load(env vugu.EventEnv, fetch func(context.Context, string) ([]byte, error)) {
	a := r.App
	b, err := fetch(context.Background(), DatasetURL)
	var ds *data.Dataset
	if err == nil {
		ds, err = data.DecodeAsset(b)
	}
	env.Lock()
	if err != nil {
		a.Err = "Could not load the RR Lyrae data (" + DatasetURL + "): " + err.Error()
		a.Status = "The data did not load."
		env.UnlockRender()
		return
	}
	a.Bundled = ds
	want := a.State.Dataset
	switch {
	case want == app.DatasetBundled:
		a.SetData(ds, "RR Lyrae", app.DatasetBundled)
	case want == app.DatasetUpload:
		a.SetData(ds, "RR Lyrae", app.DatasetBundled)
		a.Notes = append(a.Notes, "an uploaded CSV is never stored or sent anywhere, so the link shows the bundled data; upload the file again")
	default:
		if err := a.UseToy(want); err != nil {
			a.SetData(ds, "RR Lyrae", app.DatasetBundled)
		}
	}
	a.DataStatus("Ready: the " + a.DataLabel + " data is loaded.")
	model := a.State.Model
	env.UnlockRender()
	if r.DataShown != nil {
		<-r.DataShown
		// Let the browser paint that view before the pretrained flows are
		// read, which holds the page's thread for a moment.
		time.Sleep(50 * time.Millisecond)
	}

	pb, err := fetch(context.Background(), pretrainedURL(model))
	env.Lock()
	defer env.UnlockRender()
	if err != nil {
		a.Notes = append(a.Notes, "no pretrained flows were found ("+err.Error()+"); train to see the inspector and results")
		return
	}
	p, fl, err := experiment.ReadPair(bytes.NewReader(pb))
	if err != nil {
		a.Notes = append(a.Notes, "the pretrained flows could not be read: "+err.Error())
		return
	}
	a.SetPretrained(p, fl, fmt.Sprintf("pretrained: quick %s, seed %d (made by `flowlab reproduce -preset quick -seed %d -model %s`)", app.ModelLabel(model), p.Seed, p.Seed, model))
}

// state returns the page state for window.flowlab. main publishes it after
// every render, so a test that sees a value also sees it rendered. Call it
// with the event env's read lock held.
func (r *Root) state() pageState {
	a := r.App
	if a == nil {
		return pageState{}
	}
	st := pageState{Ready: a.Data != nil, Status: a.Status, Error: a.Err, View: a.State.View, Hash: a.State.Encode()}
	if a.Data != nil {
		s := app.Summarize(a.Data)
		st.Dataset = &s
	}
	if s := a.Session; s != nil {
		st.Phase = s.Phase
		for c := range 2 {
			p := s.Class[c].Progress
			st.Classes[c] = classState{State: p.State, Epoch: p.Epoch, Step: p.Step, Loss: p.Loss, Done: s.Class[c].Done != nil}
			if pts := a.Trace().Points(c); len(pts) > 0 {
				st.Classes[c].Trace, st.Classes[c].TraceFirst, st.Classes[c].TraceLast = len(pts), pts[0].Step, pts[len(pts)-1].Step
			}
		}
	}
	if a.Shown.Eval != nil {
		st.AUC = a.Shown.Eval.Report.AUC
	}
	st.Flows, st.Scoring = a.Shown.Label, a.Shown.Scoring
	if a.Shown.Flows[0] != nil {
		st.FlowDim = a.Shown.Flows[0].Dim()
	}
	if n := len(a.Runs); n > 0 {
		st.Runs, st.Failed = n, a.Runs[n-1].Failed
	}
	return st
}
