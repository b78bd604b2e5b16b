package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"

	"flowlab/flow/data"
	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// renderLoaded builds r once (which runs Init and starts the load), waits for
// the load to request a render, and returns the static HTML of the next build.
func renderLoaded(t *testing.T, r *Root) string {
	t.Helper()
	var mu sync.RWMutex
	renderCh := make(chan bool, 1)
	env := vugu.NewEventEnvImpl(&mu, renderCh)
	buildEnv, err := vugu.NewBuildEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	build := func() *vugu.BuildResults {
		env.RLock()
		defer env.RUnlock()
		return buildEnv.RunBuild(r)
	}
	build()
	select {
	case <-renderCh:
	case <-time.After(10 * time.Second): // a hang guard, not a timing target
		t.Fatal("the data load never asked for a render")
	}
	var buf bytes.Buffer
	env.RLock()
	defer env.RUnlock()
	if err := staticrender.New(&buf).Render(buildEnv.RunBuild(r)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRootShowsDataset(t *testing.T) {
	var asset bytes.Buffer
	if err := data.EncodeAsset(&asset, webtest.TinyDataset()); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var fetched []string
	r := &Root{Fetch: func(ctx context.Context, url string) ([]byte, error) {
		mu.Lock()
		fetched = append(fetched, url)
		mu.Unlock()
		if url != DatasetURL {
			return nil, errors.New("fetch " + url + ": HTTP 404 Not Found")
		}
		return asset.Bytes(), nil
	}}
	html := renderLoaded(t, r)
	mu.Lock()
	defer mu.Unlock()

	// The data comes first; the pretrained flows are fetched after it.
	if len(fetched) == 0 || fetched[0] != "data/rrlyrae.bin" {
		t.Errorf("fetched %q, want data/rrlyrae.bin first", fetched)
	}
	for _, want := range []string{
		`data-testid="dataset-summary"`,
		"3 background / 2 RR Lyrae",
		"<code>u_g</code>", "<code>g_r</code>", "<code>r_i</code>", "<code>i_z</code>",
		`data-testid="status"`,
		"Ready: the RR Lyrae data is loaded.",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered page lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, `data-testid="error-message"`) {
		t.Errorf("rendered page shows an error:\n%s", html)
	}
	st := r.state()
	if !st.Ready || st.Error != "" || st.Dataset == nil || st.Dataset.RRLyrae != 2 {
		t.Errorf("state = %+v, want ready with 2 RR Lyrae and no error", st)
	}
}

func TestRootShowsErrors(t *testing.T) {
	var damaged bytes.Buffer
	if err := data.EncodeAsset(&damaged, webtest.TinyDataset()); err != nil {
		t.Fatal(err)
	}
	b := damaged.Bytes()
	b[len(b)-8-5-1] ^= 0x01 // a value byte (before 5 labels and the CRC-64): the checksum no longer matches
	tests := []struct {
		name  string
		fetch func(context.Context, string) ([]byte, error)
		want  string
	}{
		{"download fails", func(context.Context, string) ([]byte, error) {
			return nil, errors.New("fetch data/rrlyrae.bin: HTTP 404 Not Found")
		}, "HTTP 404 Not Found"},
		{"not an asset", func(context.Context, string) ([]byte, error) {
			return []byte("<!doctype html>"), nil
		}, "does not start with"},
		{"damaged asset", func(context.Context, string) ([]byte, error) {
			return damaged.Bytes(), nil
		}, "damaged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &Root{Fetch: tc.fetch}
			html := renderLoaded(t, r)
			if !strings.Contains(html, `data-testid="error-message"`) || !strings.Contains(html, tc.want) {
				t.Errorf("rendered page lacks an error-message with %q:\n%s", tc.want, html)
			}
			if strings.Contains(html, `data-testid="dataset-summary"`) {
				t.Errorf("rendered page shows a summary despite the error:\n%s", html)
			}
			if st := r.state(); st.Ready || st.Error == "" {
				t.Errorf("state = %+v, want not ready with an error", st)
			}
		})
	}
}

func TestPageStateJSObject(t *testing.T) {
	s := app.Summarize(webtest.TinyDataset())
	got := pageState{Ready: true, Status: "ok", Dataset: &s}.jsObject()
	if got["ready"] != true || got["status"] != "ok" || got["error"] != "" {
		t.Errorf("jsObject() = %v, want ready, status ok, no error", got)
	}
	ds, ok := got["dataset"].(map[string]any)
	if !ok {
		t.Fatalf("dataset = %T, want a map", got["dataset"])
	}
	if ds["rows"] != 5 || ds["background"] != 3 || ds["rrLyrae"] != 2 {
		t.Errorf("dataset = %v, want 5 rows, 3 background, 2 RR Lyrae", ds)
	}
	if names, _ := ds["features"].([]any); len(names) != 4 || names[0] != "u_g" {
		t.Errorf("features = %v, want the 4 names starting with u_g", ds["features"])
	}
	if empty := (pageState{}).jsObject(); empty["dataset"] != nil || empty["ready"] != false {
		t.Errorf("zero state = %v, want dataset nil and not ready", empty)
	}
}

// TestRootFetchesPretrainedAfterDataShown checks that with DataShown set the
// pretrained flows are fetched only once the render loop has reported a
// render with the data loaded, so they never delay the first usable view.
func TestRootFetchesPretrainedAfterDataShown(t *testing.T) {
	var asset bytes.Buffer
	if err := data.EncodeAsset(&asset, webtest.TinyDataset()); err != nil {
		t.Fatal(err)
	}
	asked := make(chan string, 4)
	r := &Root{DataShown: make(chan struct{}), Fetch: func(ctx context.Context, url string) ([]byte, error) {
		asked <- url
		if url != DatasetURL {
			return nil, errors.New("fetch " + url + ": HTTP 404 Not Found")
		}
		return asset.Bytes(), nil
	}}
	renderLoaded(t, r)
	if got := <-asked; got != DatasetURL {
		t.Fatalf("first fetch %q", got)
	}
	select {
	case got := <-asked:
		t.Fatalf("fetched %q before the data was shown", got)
	case <-time.After(100 * time.Millisecond):
	}
	r.DataRendered(pageState{}) // a render before the data: still waits
	select {
	case got := <-asked:
		t.Fatalf("fetched %q after a render without the data", got)
	case <-time.After(50 * time.Millisecond):
	}
	r.DataRendered(pageState{Ready: true})
	r.DataRendered(pageState{Ready: true}) // later renders change nothing
	select {
	case got := <-asked:
		if got != pretrainedURL(r.App.State.Model) {
			t.Errorf("then fetched %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the pretrained flows were never fetched after the data was shown")
	}
}
