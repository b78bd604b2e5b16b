package browser

import (
	"context"
	"errors"
	"sync"

	"github.com/vugu/vugu"
	vjs "github.com/vugu/vugu/js"

	"flowlab/wasm/client"
	"flowlab/web/plot"
)

// Fake is the native stand-in for the browser: no network, workers or
// files; it keeps the hash, downloads, console messages and drawn figures so
// tests can read what a view did (under Lock). Width is every chart host's
// width (0, the default, as if no chart were on screen).
type Fake struct {
	mu        sync.Mutex
	Hash      string
	Width     float64
	Logs      []string
	Downloads []string // file names
	Drawn     []plot.Figure
	Clipboard string
}

// Fetch fails: there is no page to fetch relative to.
func (f *Fake) Fetch(ctx context.Context, url string) ([]byte, error) {
	return nil, errors.New("fetch " + url + ": only available in the browser")
}

// NewWorkerConn fails: tests set App.NewConn to in-process drivers instead.
func (f *Fake) NewWorkerConn(class int, deliver func(client.Message)) (client.Conn, error) {
	return nil, errors.New("web workers exist only in the browser")
}

// SetHash keeps h.
func (f *Fake) SetHash(h string) { f.mu.Lock(); defer f.mu.Unlock(); f.Hash = h }

// LocationHash is the kept hash.
func (f *Fake) LocationHash() string { f.mu.Lock(); defer f.mu.Unlock(); return f.Hash }

// Href is the kept hash as an address.
func (f *Fake) Href() string { return "http://flowlab.test/#" + f.LocationHash() }

// Cores is 1 (tests set State.Workers explicitly).
func (f *Fake) Cores() int { return 1 }

// NarrowScreen is false.
func (f *Fake) NarrowScreen() bool { return false }

// Log keeps msg.
func (f *Fake) Log(msg string) { f.mu.Lock(); defer f.mu.Unlock(); f.Logs = append(f.Logs, msg) }

// Download keeps the file's name.
func (f *Fake) Download(name, mime string, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Downloads = append(f.Downloads, name)
}

// CopyText keeps s.
func (f *Fake) CopyText(s string, done func(error)) {
	f.mu.Lock()
	f.Clipboard = s
	f.mu.Unlock()
	done(nil)
}

// ReadFileInput has no files: it reports an error.
func (f *Fake) ReadFileInput(input vjs.Value, maxBytes int, done func(name string, b []byte, err error)) {
	done("", nil, errors.New("files can only be read in the browser"))
}

// ChosenFile finds no file.
func (f *Fake) ChosenFile(ev vugu.DOMEvent) (File, bool) { return File{}, false }

// DroppedFile finds no file.
func (f *Fake) DroppedFile(ev vugu.DOMEvent) (File, int) { return File{}, 0 }

// GuardDrops does nothing.
func (f *Fake) GuardDrops() {}

// SyncControls does nothing: there are no DOM properties.
func (f *Fake) SyncControls(root vjs.Value) {}

// FocusFirst is done at once: there is no focus.
func (f *Fake) FocusFirst(root vjs.Value, from string, ids ...string) bool { return true }

// SameElement is true: natively every element is the same zero value.
func (f *Fake) SameElement(a, b vjs.Value) bool { return true }

// ByTestID is the zero element.
func (f *Fake) ByTestID(id string) vjs.Value { return vjs.Value{} }

// Canvases reports Width, never fresh.
func (f *Fake) Canvases(host vjs.Value, specs []CanvasSpec) (float64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Width, false
}

// WatchResize does nothing.
func (f *Fake) WatchResize(host vjs.Value, onResize func()) {}

// DrawPlot encodes fig (as the browser would) and keeps it.
func (f *Fake) DrawPlot(host vjs.Value, i int, fig plot.Figure, label string) error {
	if _, _, err := plot.Encode(fig); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Drawn = append(f.Drawn, fig)
	return nil
}

// Stage is nil: there is no inspector canvas.
func (f *Fake) Stage(host vjs.Value, onEvent func(kind string, v float64)) Stage { return nil }

// Lock and Unlock guard the fields while a test reads or sets them.
func (f *Fake) Lock()   { f.mu.Lock() }
func (f *Fake) Unlock() { f.mu.Unlock() }
