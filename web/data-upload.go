package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
)

// Limits on an uploaded CSV, so a wrong file cannot exhaust the tab's memory.
const (
	// maxUploadBytes is the largest file read (the RR Lyrae CSV is 4.2 MB).
	maxUploadBytes = 64 << 20
	// maxUploadRows is the most data rows accepted.
	maxUploadRows = 1_000_000
	// maxUploadColumns is the most columns a header may have: more is a
	// file read with the wrong separator or line ending, and a column picker
	// with thousands of boxes would bury the page.
	maxUploadColumns = 256
	// maxColumnName is the longest column name accepted, in bytes.
	maxColumnName = 200
)

// uploadFile is a CSV the visitor chose. Its bytes are kept so that other
// columns can be tried without reading the file again.
type uploadFile struct {
	Name    string
	Size    int
	Reading bool   // being read or parsed
	Bytes   []byte // the file, once read
	// HaveHeader is set once the header line was read; Cols is then the
	// column choice shown.
	HaveHeader bool
	Cols       ColumnChoice
	// Message says what went wrong with the last attempt ("" if nothing);
	// Hint suggests a fix.
	Message, Hint string
	// Loaded is the dataset parsed with the columns LoadedKey describes.
	Loaded    *data.Dataset
	LoadedKey string
	// TriedKey describes the columns of the last parse, good or bad.
	TriedKey string
}

// parsed is the outcome of reading a CSV, computed off the render lock.
type parsed struct {
	header  []string      // nil if the header could not be read
	cols    ColumnChoice  // the choice used (the default one for a new file)
	d       *data.Dataset // the table, when parsing succeeded
	err     error         // why reading the header or the table failed
	problem string        // why the column choice cannot be parsed (nothing was tried)
}

// checkHeader refuses headers no table of features has: too many columns or
// a name too long to be one.
func checkHeader(header []string) error {
	if len(header) > maxUploadColumns {
		return &data.ParseError{Line: 1, Err: fmt.Errorf("the header line has %s columns; Flow Lab reads tables of at most %d columns (is the separator a comma, and does every line end with a line break?)", groupThousands(len(header)), maxUploadColumns)}
	}
	for i, name := range header {
		if len(name) > maxColumnName {
			return &data.ParseError{Line: 1, Err: fmt.Errorf("the name of column %d is %s characters long; names may have at most %d (is the first line a header?)", i+1, groupThousands(len([]rune(name))), maxColumnName)}
		}
	}
	return nil
}

// parseNew reads the header of b, guesses the columns and parses the table
// with that guess.
func parseNew(b []byte) parsed {
	header, err := data.ReadHeader(bytes.NewReader(b))
	if err != nil {
		return parsed{err: err}
	}
	if err := checkHeader(header); err != nil {
		return parsed{err: err}
	}
	return parseWith(b, header, DefaultColumns(header))
}

// parseWith parses b with the columns cols chooses. It computes the
// explorer's statistics too, so the first render after it is quick.
func parseWith(b []byte, header []string, cols ColumnChoice) parsed {
	p := parsed{header: header, cols: cols}
	if p.problem = cols.Problem(); p.problem != "" {
		return p
	}
	opt := cols.Options()
	opt.MaxRows = maxUploadRows
	p.d, p.err = data.ParseCSV(bytes.NewReader(b), opt)
	if p.d != nil {
		explorerFor(p.d)
	}
	return p
}

// errorText is err's message for people: without the "data: " prefix.
func errorText(err error) string {
	return strings.TrimPrefix(err.Error(), "data: ")
}

// errorHint suggests how to fix a CSV problem, or returns "".
func errorHint(err error) string {
	switch {
	case errors.Is(err, data.ErrNotNumber), errors.Is(err, data.ErrNotFinite):
		return "Every feature value must be a plain number such as 0.25 or -1.3e-2. If that column is not a feature, untick it below."
	case errors.Is(err, data.ErrBadLabel):
		return "The label column must hold 0 or 1 on every line. If that is not the label column, choose the right one below."
	case errors.Is(err, data.ErrFieldCount):
		return "Every line needs as many comma-separated fields as the header (quoted fields are not supported)."
	case errors.Is(err, data.ErrNoHeader), errors.Is(err, data.ErrEmptyName), errors.Is(err, data.ErrDuplicateColumn):
		return "The first line must name the columns, each once, e.g. u_g,g_r,r_i,i_z,label."
	case errors.Is(err, data.ErrTooManyRows):
		return fmt.Sprintf("Flow Lab reads at most %s rows in the browser.", groupThousands(maxUploadRows))
	}
	return ""
}

// readFile starts reading a file the visitor chose: read runs on its own
// goroutine (it may wait for the browser), then the file is parsed and, if
// it is good, becomes the data in use. Until then, and if it is bad, the
// previous data stays in use.
func (c *DataView) readFile(name string, size int, read func() ([]byte, error)) {
	s, a := c.side(), c.App
	s.seq++
	seq := s.seq
	s.open = true
	f := &uploadFile{Name: name, Size: size, Reading: true}
	s.file = f
	if size > maxUploadBytes {
		f.Reading = false
		c.fail(f, fmt.Sprintf("the file is %s; Flow Lab reads CSV files up to %s", formatBytes(size), formatBytes(maxUploadBytes)), "")
		return
	}
	a.Status = "Reading " + name + "…"
	env := a.Env
	go func() {
		b, err := read()
		var p parsed
		if err == nil {
			p = parseNew(b)
		}
		env.Lock()
		defer env.UnlockRender()
		if s.seq != seq {
			return // a newer file or choice replaced this one
		}
		f.Reading = false
		if err != nil {
			c.fail(f, "the browser could not read it: "+err.Error(), "")
			return
		}
		f.Bytes = b
		c.apply(f, p)
	}()
}

// ApplyColumns parses the current file again with the visitor's columns.
func (c *DataView) ApplyColumns() {
	s := c.side()
	f := s.file
	if f == nil || f.Reading || f.Bytes == nil || f.Cols.Problem() != "" {
		return
	}
	s.seq++
	seq := s.seq
	f.Reading = true
	cols := f.Cols
	cols.feature = append([]bool(nil), f.Cols.feature...)
	env := c.App.Env
	go func() {
		p := parseWith(f.Bytes, cols.Header, cols)
		env.Lock()
		defer env.UnlockRender()
		if s.seq != seq {
			return
		}
		f.Reading = false
		c.apply(f, p)
	}()
}

// apply shows the outcome of a parse; a good table becomes the data in use.
// Call it with the render lock held.
func (c *DataView) apply(f *uploadFile, p parsed) {
	a := c.App
	if p.header == nil {
		f.HaveHeader = false
		c.fail(f, errorText(p.err), errorHint(p.err))
		return
	}
	f.HaveHeader, f.Cols, f.TriedKey = true, p.cols, p.cols.Key()
	switch {
	case p.problem != "":
		f.Message, f.Hint = "", ""
		c.fail(f, "its columns need choosing: "+p.problem, "Choose the label and feature columns below, then press “Use these columns”.")
	case p.err != nil:
		c.fail(f, errorText(p.err), errorHint(p.err))
	default:
		f.Message, f.Hint = "", ""
		f.Loaded, f.LoadedKey = p.d, p.cols.Key()
		c.clearOwnError()
		a.SetData(p.d, f.Name, DatasetUpload)
		a.DataStatus(fmt.Sprintf("Ready: the data of %s is loaded (%s rows).", f.Name, groupThousands(p.d.Len())))
	}
}

// fail records why file f cannot be used, in the view and in App.Err. The
// data in use does not change.
func (c *DataView) fail(f *uploadFile, msg, hint string) {
	s, a := c.side(), c.App
	f.Message, f.Hint = msg, hint
	full := "Could not use " + f.Name + ": " + msg + "."
	s.errShown, a.Err = full, full
	a.Status = "Ready: " + c.InUseText()
}

// InUseText says which data stays in use after a failed upload.
func (c *DataView) InUseText() string {
	if c.App.Data == nil {
		return "no data is loaded yet."
	}
	return "the " + c.App.DataLabel + " data is still in use."
}

// Upload is the file the upload panel shows, or nil.
func (c *DataView) Upload() *uploadFile { return c.side().file }

// Dragging reports whether a file is held over the drop zone.
func (c *DataView) Dragging() bool { return c.side().dragging }

// DropZoneClass is the drop zone's CSS class.
func (c *DataView) DropZoneClass() string {
	if c.Dragging() {
		return "drop-zone dragging"
	}
	return "drop-zone"
}

// DragOver accepts a dragged file over the drop zone.
func (c *DataView) DragOver(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.side().dragging = true
}

// DragLeave resets the drop zone's look.
func (c *DataView) DragLeave() { c.side().dragging = false }

// Drop reads the file dropped on the drop zone.
func (c *DataView) Drop(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.side().dragging = false
	f, n := droppedFile(ev)
	switch {
	case n == 0:
		c.noFile("nothing was dropped that looks like a file")
	case n > 1:
		c.noFile(fmt.Sprintf("%d files were dropped; drop one CSV file", n))
	default:
		c.readFile(f.Name, f.Size, f.read)
	}
}

// noFile reports a drop without a usable file.
func (c *DataView) noFile(msg string) {
	f := &uploadFile{Name: "the drop"}
	c.side().file = f
	c.fail(f, msg, "")
}

// FileChosen reads the file picked with the file input.
func (c *DataView) FileChosen(ev vugu.DOMEvent) {
	if f, ok := chosenFile(ev); ok {
		c.readFile(f.Name, f.Size, f.read)
	}
}

// SetLabel chooses the label column of the current file.
func (c *DataView) SetLabel(name string) {
	if f := c.side().file; f != nil {
		f.Cols.SetLabel(name)
	}
}

// SetFeature ticks or unticks a feature column of the current file.
func (c *DataView) SetFeature(name string, on bool) {
	if f := c.side().file; f != nil {
		f.Cols.SetFeature(name, on)
	}
}

// ColumnProblem says why the chosen columns cannot be used, or "".
func (c *DataView) ColumnProblem() string {
	if f := c.side().file; f != nil && f.HaveHeader {
		return f.Cols.Problem()
	}
	return ""
}

// CanApply reports whether "Use these columns" would do something.
func (c *DataView) CanApply() bool {
	f := c.side().file
	if f == nil || !f.HaveHeader || f.Reading || f.Bytes == nil || f.Cols.Problem() != "" {
		return false
	}
	key := f.Cols.Key()
	if f.Loaded == nil || c.App.Data != f.Loaded {
		return key != f.TriedKey || f.Loaded != nil // a failed choice is not worth retrying
	}
	return key != f.LoadedKey
}

// UploadedInUse reports whether the current file's table is the data in use.
func (c *DataView) UploadedInUse() bool {
	f := c.side().file
	return f != nil && f.Loaded != nil && c.App.Data == f.Loaded
}

// formatBytes writes a size in bytes for people: "812 bytes", "4.2 MB".
func formatBytes(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d %s", n, plural(n, "byte"))
	case n < 1_000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
