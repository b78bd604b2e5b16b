package dataview

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// dataViewApp returns an app showing the tiny bundled table, and its view.
func dataViewApp() (*app.App, *webtest.LockEnv, *View) {
	env := &webtest.LockEnv{}
	a := app.NewApp("")
	a.Env = env
	a.Bundled = webtest.TinyDataset()
	a.SetData(a.Bundled, "RR Lyrae", app.DatasetBundled)
	return a, env, &View{App: a}
}

// upload reads content as file name through the view, as a file input
// would (holding the lock like an event handler), and waits for the parse.
func upload(t *testing.T, env *webtest.LockEnv, c *View, name, content string) {
	t.Helper()
	env.Lock()
	c.readFile(name, len(content), func() chunkSource { return bytesSource([]byte(content)) })
	env.Unlock()
	waitUpload(t, env, c)
}

// waitUpload polls until the view's file is no longer being read.
func waitUpload(t *testing.T, env *webtest.LockEnv, c *View) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second) // a hang guard, not a timing target
	for time.Now().Before(deadline) {
		env.Lock()
		f := c.Upload()
		done := f != nil && !f.Reading
		env.Unlock()
		if done {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the upload never finished")
}

const goodCSV = "x1,x2,label\n0.1,0.2,0\n0.3,0.1,1\n0.5,0.4,0\n0.2,0.9,1\n"

func TestUploadGoodThenBad(t *testing.T) {
	a, env, c := dataViewApp()
	upload(t, env, c, "good.csv", goodCSV)
	good := a.Data
	if good == a.Bundled || !slices.Equal(good.Names, []string{"x1", "x2"}) || good.Len() != 4 {
		t.Fatalf("after a good upload the data is %v with %d rows", good.Names, good.Len())
	}
	if a.State.Dataset != app.DatasetUpload || a.DataLabel != "good.csv" || a.Err != "" {
		t.Errorf("dataset %q label %q err %q", a.State.Dataset, a.DataLabel, a.Err)
	}
	if !c.UploadedInUse() || c.CanApply() {
		t.Errorf("in use %v, can apply %v; want true, false", c.UploadedInUse(), c.CanApply())
	}

	// Line 3 (the second data row) has a word in column x2.
	upload(t, env, c, "bad.csv", "x1,x2,label\n1,2,0\n3,abc,1\n4,5,0\n")
	const want = `line 3, column "x2": not a number: "abc"`
	if a.Data != good {
		t.Error("a bad file replaced the data in use")
	}
	if f := c.Upload(); f.Message != want || f.Hint == "" {
		t.Errorf("message %q hint %q, want %q and a hint", f.Message, f.Hint, want)
	}
	if !strings.Contains(a.Err, "bad.csv") || !strings.Contains(a.Err, want) {
		t.Errorf("App.Err = %q, want it to name the file and say %q", a.Err, want)
	}
	if c.CanApply() {
		t.Error("the failed file's columns can be applied again unchanged")
	}
	if !strings.Contains(c.InUseText(), "good.csv") {
		t.Errorf("in-use text %q does not name the data still in use", c.InUseText())
	}

	upload(t, env, c, "good2.csv", goodCSV)
	if a.Err != "" || a.Data == good || a.DataLabel != "good2.csv" {
		t.Errorf("a good file after a bad one: err %q label %q", a.Err, a.DataLabel)
	}
}

func TestUploadBadFiles(t *testing.T) {
	tests := []struct {
		name, content, message string
	}{
		{"empty.csv", "", "line 1: no header line: the input is empty"},
		{"numbers.csv", "1,2,0\n3,4,1\n", "line 1: no header line"},
		{"label.csv", "a,b,label\n1,2,0\n1,2,2\n", `line 3, column "label": label is not 0 or 1: "2"`},
		{"fields.csv", "a,b,label\n1,2,0\n1,2\n", "line 3: wrong number of fields: 2 fields, the header has 3"},
		{"oneclass.csv", "a,b,label\n1,2,0\n1,3,0\n", `column "label": only one class present`},
		{"onefeature.csv", "a,label\n1,0\n2,1\n", "its columns need choosing: choose at least 2 feature columns (1 chosen)"},
	}
	for _, tc := range tests {
		a, env, c := dataViewApp()
		upload(t, env, c, tc.name, tc.content)
		if a.Data != a.Bundled || a.State.Dataset != app.DatasetBundled {
			t.Errorf("%s: the data in use changed", tc.name)
		}
		if f := c.Upload(); !strings.HasPrefix(f.Message, tc.message) {
			t.Errorf("%s: message %q, want it to start with %q", tc.name, f.Message, tc.message)
		}
		if !strings.HasPrefix(a.Err, "Could not use "+tc.name+": ") {
			t.Errorf("%s: App.Err = %q", tc.name, a.Err)
		}
	}
}

// TestUploadChooseColumns loads a file whose last column is not the label:
// the guess takes its only two-valued column, "kind"; then the visitor makes
// "c" the label, which holds other numbers than 0 and 1, is refused naming
// the line, and is fixed by choosing c's signal value.
func TestUploadChooseColumns(t *testing.T) {
	a, env, c := dataViewApp()
	upload(t, env, c, "cols.csv", "kind,a,b,c\n0,1,2,0.5\n1,2,1,0.25\n0,3,3,0.75\n1,0,1,0.5\n")
	f := c.Upload()
	if !slices.Equal(a.Data.Names, []string{"a", "b", "c"}) || f.Cols.Label != "kind" || f.Message != "" {
		t.Fatalf("guess: names %v label %q message %q", a.Data.Names, f.Cols.Label, f.Message)
	}
	apply := func() {
		t.Helper()
		env.Lock()
		can := c.CanApply()
		c.ApplyColumns()
		env.Unlock()
		if !can {
			t.Fatal("the choice cannot be applied")
		}
		waitUpload(t, env, c)
	}
	env.Lock()
	c.SetLabel("c")
	c.SetFeature("kind", true)
	env.Unlock()
	apply()
	if !strings.HasPrefix(f.Message, `line 2, column "c": label is not 0 or 1: "0.5"`) || a.Data.Dim != 3 {
		t.Errorf("label c: message %q, dim %d", f.Message, a.Data.Dim)
	}
	if opts := c.SignalOptions(); len(opts) != 3 || opts[0].Label != "0.5 (2 rows)" {
		t.Errorf("signal options %+v", opts)
	}
	env.Lock()
	c.SetSignal("0.5")
	env.Unlock()
	apply()
	if !slices.Equal(a.Data.Names, []string{"kind", "a", "b"}) || a.Err != "" || f.Message != "" {
		t.Errorf("names %v err %q message %q", a.Data.Names, a.Err, f.Message)
	}
	if n0, n1 := a.Data.Counts(); n0 != 2 || n1 != 2 {
		t.Errorf("counts %d/%d, want 2/2", n0, n1)
	}
}

func TestUploadTooLargeOrUnreadable(t *testing.T) {
	a, env, c := dataViewApp()
	env.Lock()
	c.readFile("huge.csv", maxUploadBytes+1, func() chunkSource {
		t.Error("a file over the limit was read")
		return bytesSource(nil)
	})
	env.Unlock()
	if f := c.Upload(); f.Reading || !strings.Contains(f.Message, "up to 67.1 MB") || a.Data != a.Bundled {
		t.Errorf("reading %v message %q", f.Reading, f.Message)
	}

	env.Lock()
	c.readFile("gone.csv", 10, func() chunkSource {
		return func() ([]byte, error) { return nil, errors.New("NotReadableError") }
	})
	env.Unlock()
	waitUpload(t, env, c)
	if f := c.Upload(); !strings.Contains(f.Message, "NotReadableError") || a.Data != a.Bundled {
		t.Errorf("message %q", f.Message)
	}
}

func TestChooseDataset(t *testing.T) {
	a, env, c := dataViewApp()
	upload(t, env, c, "good.csv", goodCSV)
	uploaded := a.Data

	env.Lock()
	defer env.Unlock()
	c.Choose("moons")
	if a.State.Dataset != "moons" || a.Data.Dim != 2 || a.DataLabel != "Two moons" || c.Choice() != "moons" {
		t.Errorf("moons: dataset %q label %q choice %q", a.State.Dataset, a.DataLabel, c.Choice())
	}
	c.Choose(app.DatasetUpload) // back to the file loaded before
	if a.Data != uploaded || a.State.Dataset != app.DatasetUpload {
		t.Errorf("upload: data %p (want %p), dataset %q", a.Data, uploaded, a.State.Dataset)
	}
	c.Choose(app.DatasetBundled)
	if a.Data != a.Bundled || c.Choice() != app.DatasetBundled {
		t.Errorf("bundled: choice %q", c.Choice())
	}
	c.Choose("no-such-set")
	if a.Data != a.Bundled {
		t.Error("an unknown choice changed the data")
	}

	// Choosing data clears only the view's own error.
	a.Err = "Training failed: boom"
	c.Choose("rings")
	if a.Err != "Training failed: boom" {
		t.Errorf("another component's error was cleared: %q", a.Err)
	}
	// The upload panel opens without changing the data when nothing was loaded.
	b, _, c2 := dataViewApp()
	c2.Choose(app.DatasetUpload)
	if c2.Choice() != app.DatasetUpload || b.Data != b.Bundled {
		t.Errorf("empty upload choice: choice %q", c2.Choice())
	}
}

func TestDataViewRenders(t *testing.T) {
	_, env, c := dataViewApp()
	html := webtest.RenderStatic(t, c)
	for _, want := range []string{
		`data-testid="dataset-select"`, `<option value="moons"`, `data-testid="dataset-summary"`,
		"3 background / 2 RR Lyrae", `data-testid="explorer-histograms"`, `data-testid="ks-table"`,
		`data-feature="g_r"`, `data-testid="corr-0"`, `data-testid="corr-1"`, "RR Lyrae (paper Fig. 7)",
		"What the four colours are",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the data view lacks %q", want)
		}
	}
	if strings.Contains(html, `data-testid="upload-input"`) {
		t.Error("the upload panel shows before 'your own CSV' is chosen")
	}
	// The tiny table is the bundled data: the paper's KS column shows.
	if !strings.Contains(html, "D, paper") || !strings.Contains(html, ">0.94<") {
		t.Error("the paper's KS values are missing for the bundled data")
	}

	env.Lock()
	c.Choose(app.DatasetUpload)
	env.Unlock()
	upload(t, env, c, "plane.csv", goodCSV)
	html = webtest.RenderStatic(t, c)
	for _, want := range []string{`data-testid="upload-input"`, `accept=".csv,text/csv"`, "never leaves this browser",
		"2 of class 0 / 2 of class 1", `data-testid="column-choice"`, `data-column="x1"`} {
		if !strings.Contains(html, want) {
			t.Errorf("after an upload the view lacks %q", want)
		}
	}
	if strings.Contains(html, "D, paper") {
		t.Error("the paper's KS column shows for other data")
	}
}
