package browser

import (
	"context"

	"github.com/vugu/vugu"
	vjs "github.com/vugu/vugu/js"

	"flowlab/wasm/client"
	"flowlab/web/plot"
)

// Page is the browser as the UI sees it: every call that crosses into the
// page (the DOM, files, the clipboard, canvases, workers) goes through it.
// The syscall/js implementation is in the _js.go files of this package; Fake
// stands in for it in native tests. Element arguments are the values vugu
// hands to vg-js-populate and event handlers.
type Page interface {
	// Fetch downloads url (relative to the page) and returns the body; a
	// non-2xx status is an error and cancelling ctx aborts the request. It
	// blocks, so it must not run inside a JS callback.
	Fetch(ctx context.Context, url string) ([]byte, error)
	// NewWorkerConn starts a training worker for one class flow.
	NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error)
	// SetHash replaces the URL hash (without a history entry);
	// LocationHash reads it, without the leading #.
	SetHash(h string)
	LocationHash() string
	// Href is the page's full address, hash included.
	Href() string
	// Cores is the number of logical processors (at least 1).
	Cores() int
	// NarrowScreen reports whether the page is phone-width.
	NarrowScreen() bool
	// Log reports msg as a console error.
	Log(msg string)

	// Download offers b to the visitor as a file called name.
	Download(name, mime string, b []byte)
	// CopyText puts s on the clipboard and calls done with the outcome,
	// from a JS callback (done must not block).
	CopyText(s string, done func(error))
	// ReadFileInput reads the first file of a file <input> (at most
	// maxBytes) and calls done with its name and bytes, or an error, from a
	// JS callback (done must not block); the input is cleared.
	ReadFileInput(input vjs.Value, maxBytes int, done func(name string, b []byte, err error))
	// ChosenFile returns the file picked in the <input type="file"> whose
	// change event ev is, clearing the input.
	ChosenFile(ev vugu.DOMEvent) (File, bool)
	// DroppedFile returns the first file of the drop event ev and how many
	// files were dropped.
	DroppedFile(ev vugu.DOMEvent) (File, int)
	// GuardDrops, once per page, stops a file dropped outside a drop zone
	// from replacing the page.
	GuardDrops()

	// SyncControls makes the form controls under root marked data-sync show
	// their attributes (vugu sets attributes; a browser stops showing an
	// edited input's value attribute), except the focused one.
	SyncControls(root vjs.Value)
	// FocusFirst focuses the first enabled element under root among those
	// whose data-testid is in ids, unless the visitor has put the focus
	// elsewhere than the page's body or the element whose data-testid is
	// from. It reports whether it is done (focused, or the visitor moved
	// on); false means none is enabled yet: try again after a render.
	FocusFirst(root vjs.Value, from string, ids ...string) bool
	// SameElement reports whether a and b are the same DOM element.
	SameElement(a, b vjs.Value) bool

	// ByTestID finds the element whose data-testid is id (a null value when
	// there is none).
	ByTestID(id string) vjs.Value
	// Canvases makes sure host holds one canvas per spec (made afresh when
	// it does not: fresh is true) and returns host's width in CSS pixels;
	// width 0 means host is not in the page or hidden.
	Canvases(host vjs.Value, specs []CanvasSpec) (width float64, fresh bool)
	// WatchResize calls onResize (from a JS callback: it must not block)
	// whenever host's width changes.
	WatchResize(host vjs.Value, onResize func())
	// DrawPlot draws fig into canvas i of host, with label (if not "") as
	// its accessible name.
	DrawPlot(host vjs.Value, i int, fig plot.Figure, label string) error
	// Stage attaches the inspector's canvas (assets/inspector.js) to host;
	// onEvent receives its reports from a JS callback (it must not block).
	// It returns nil when there is no inspector canvas in the page.
	Stage(host vjs.Value, onEvent func(kind string, v float64)) Stage
}

// Stage is the inspector's animated canvas on one host element.
type Stage interface {
	// SetView passes the drawing options (JSON).
	SetView(view string)
	// SetScene passes a scene: its metadata (JSON) and arrays; heat may be nil.
	SetScene(meta string, frames []float32, colors []uint8, ghost, heat []float32, level int, autoplay bool)
	// SetLevel shows one level.
	SetLevel(level int)
	// SetMarker draws the selected star's path (nil: none).
	SetMarker(path []float32)
	// Play animates from level from to level to; Pause stops where it is.
	Play(from, to int)
	Pause()
	// Detach removes the canvas and frees the callback.
	Detach()
}

// File is a file the visitor chose or dropped.
type File struct {
	Name string
	Size int // bytes
	// Open returns a source of the file's chunks of at most chunk bytes,
	// io.EOF after the last. Each chunk waits for the browser, so it must
	// be read on its own goroutine, never in a JS callback.
	Open func(chunk int) func() ([]byte, error)
}

// CanvasSpec describes one canvas a chart host holds; without a Label the
// host itself is the image and names it.
type CanvasSpec struct {
	Class, TestID, Label string
}

// Current is the page the UI runs in: the browser under js/wasm (set by
// page_js.go), a Fake natively.
var Current Page = &Fake{}

// Fetch is Current.Fetch, the loader's fetch function.
func Fetch(ctx context.Context, url string) ([]byte, error) { return Current.Fetch(ctx, url) }

// NewWorkerConn is Current.NewWorkerConn, the app's worker starter.
func NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error) {
	return Current.NewWorkerConn(class, deliver)
}

// WorkerScript is the training worker's bootstrap, relative to the page.
const WorkerScript = "worker.js"
