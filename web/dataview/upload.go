package dataview

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/vugu/vugu"

	"flowlab/flow/data"
	"flowlab/web/app"
	"flowlab/web/browser"
	"flowlab/web/format"
)

// Limits on an uploaded CSV, so a wrong file cannot exhaust the tab's
// memory. Names and lines are capped by flow/data (MaxNameBytes, MaxLineBytes).
const (
	// maxUploadColumns is the most columns the column picker offers (flow/data
	// reads up to data.MaxColumns): thousands of boxes would bury the page,
	// and such a file is rarely a table of features.
	maxUploadColumns = 256
	// maxUploadBytes is the largest file read (the RR Lyrae CSV is 4.2 MB).
	maxUploadBytes = 64 << 20
	// maxUploadRows is the most data rows accepted.
	maxUploadRows = 1_000_000
)

// uploadFile is a CSV the visitor chose. The page keeps how to read it
// again (open), not its bytes: each parse streams the file in chunks.
type uploadFile struct {
	Name    string
	Size    int
	Reading bool // being read or parsed
	// Stage says what the reading is doing ("checking its columns",
	// "reading the rows"); Bytes and Lines how far it got.
	Stage        string
	Bytes, Lines int
	open         func() chunkSource // nil until the file could be read
	// Info describes the file's dialect and columns (nil until read); Cols is
	// the column choice shown.
	Info *data.CSVInfo
	Cols ColumnChoice
	// Dialect is how the last good parse read the file; Flaws warn of the
	// features a flow cannot learn (flawTexts).
	Dialect string
	Flaws   []string
	// Message says what went wrong with the last attempt ("" if nothing);
	// Hint suggests a fix.
	Message, Hint string
	// Loaded is the dataset parsed with the columns LoadedKey describes.
	Loaded    *data.Dataset
	LoadedKey string
	// TriedKey describes the columns of the last parse, good or bad.
	TriedKey string
}

// HaveHeader reports whether the file's columns are known.
func (f *uploadFile) HaveHeader() bool { return f.Info != nil }

// parsed is the outcome of reading a CSV, computed off the render lock.
type parsed struct {
	info    *data.CSVInfo // nil if the file could not be inspected
	cols    ColumnChoice  // the choice used (the default one for a new file)
	d       *data.Dataset // the table, when parsing succeeded
	dialect data.Dialect  // how it was read, when parsing succeeded
	flaws   []data.Flaw   // its features no flow can learn (data.Flaws)
	err     error         // why inspecting or parsing failed
	problem string        // why the column choice cannot be parsed (nothing was tried)
}

// errReplaced stops the reading of a file that a newer file or choice replaced.
var errReplaced = errors.New("replaced by a newer choice")

// parseNew inspects the file (dialect, columns, their values), guesses the
// columns and parses the table with that guess.
func (j *readJob) parseNew(prefer []string) parsed {
	j.stage("checking its columns")
	info, err := data.InspectCSV(j.reader(), data.CSVOptions{MaxBytes: maxUploadBytes, MaxRows: maxUploadRows})
	if err != nil {
		return parsed{err: err}
	}
	if n := len(info.Columns); n > maxUploadColumns {
		return parsed{err: &data.ParseError{Err: fmt.Errorf("%w: the header line (the first that is not a # comment) has %s columns; Flow Lab reads tables of at most %d (%s-separated)",
			data.ErrFieldCount, format.Thousands(n), maxUploadColumns, info.Dialect.DelimiterName())}}
	}
	return j.parseWith(info, DefaultColumns(info, prefer))
}

// parseWith parses the file with the columns cols chooses. It computes the
// explorer's statistics too, so the first render after it is quick.
func (j *readJob) parseWith(info *data.CSVInfo, cols ColumnChoice) parsed {
	p := parsed{info: info, cols: cols}
	if p.problem = cols.Problem(); p.problem != "" {
		return p
	}
	opt := cols.Options()
	opt.MaxRows, opt.MaxBytes, opt.Delimiter = maxUploadRows, maxUploadBytes, info.Dialect.Delimiter
	j.stage("reading the rows")
	res, err := data.ReadCSV(j.reader(), opt)
	if err != nil {
		p.err = err
		return p
	}
	p.d, p.dialect = res.Data, res.Dialect
	p.d.Names = cols.Names()
	p.flaws = data.Flaws(p.d)
	j.stage("computing its statistics")
	explorerWith(p.d, app.BrowserYield)
	return p
}

// errorText is err's message for people: without the "data: " prefix.
func errorText(err error) string {
	return strings.TrimPrefix(err.Error(), "data: ")
}

// errorHint suggests how to fix a CSV problem, or returns "".
func errorHint(err error) string {
	switch {
	case errors.Is(err, data.ErrNotNumber), errors.Is(err, data.ErrNotFinite), errors.Is(err, data.ErrHugeValue):
		return "Every feature value must be a plain number such as 0.25 or -1.3e-2 (or 0,25 in a semicolon-separated file). If that column is not a feature, untick it below."
	case errors.Is(err, data.ErrBadLabel):
		return "Choose the label column below, and which of its values is the signal class."
	case errors.Is(err, data.ErrFieldCount):
		return "Every line needs as many fields as the header; a field that holds the separator must be quoted."
	case errors.Is(err, data.ErrQuote):
		return "A field that holds quotes must be quoted itself, with each quote inside doubled (\"say \"\"hi\"\"\")."
	case errors.Is(err, data.ErrNoHeader), errors.Is(err, data.ErrEmptyName), errors.Is(err, data.ErrDuplicateColumn), errors.Is(err, data.ErrNameTooLong):
		return "The first line must name the columns, each once, e.g. u_g,g_r,r_i,i_z,label."
	case errors.Is(err, data.ErrTooManyRows):
		return fmt.Sprintf("Flow Lab reads at most %s rows in the browser.", format.Thousands(maxUploadRows))
	}
	return ""
}

// readJob is one reading of the current file, on its own goroutine: it
// streams the file, shows how far it got, and stops when a newer file or
// choice replaces it.
type readJob struct {
	c    *View
	f    *uploadFile
	seq  int
	open func() chunkSource
	last time.Time
}

// progressGap is how often a reading shows how far it got.
const progressGap = 100 * time.Millisecond

// reader opens the file afresh, reporting progress.
func (j *readJob) reader() *progressReader {
	return &progressReader{next: j.open(), report: j.progress}
}

// stage starts a new pass over the file.
func (j *readJob) stage(what string) {
	j.locked(func() { j.f.Stage, j.f.Bytes, j.f.Lines = what, 0, 0 })
}

// progress shows how far the reading got (at most every progressGap) and
// reports whether it should go on.
func (j *readJob) progress(bytes, lines int) bool {
	if time.Since(j.last) < progressGap {
		return true
	}
	j.last = time.Now()
	return j.locked(func() { j.f.Bytes, j.f.Lines = bytes, lines })
}

// locked runs f under the render lock and renders, if the job is still the
// latest; it reports whether it was.
func (j *readJob) locked(f func()) bool {
	env := j.c.App.Env
	env.Lock()
	if j.c.side().seq != j.seq {
		env.UnlockOnly()
		return false
	}
	f()
	env.UnlockRender()
	return true
}

// start begins reading with the current file; call it with the lock held.
func (c *View) startJob(f *uploadFile, run func(j *readJob) parsed) {
	s := c.side()
	s.seq++
	f.Reading, f.Stage, f.Bytes, f.Lines = true, "", 0, 0
	j := &readJob{c: c, f: f, seq: s.seq, open: f.open}
	env := c.App.Env
	go func() {
		var p parsed
		func() {
			defer func() {
				if r := recover(); r != nil {
					app.LogPanic("reading "+f.Name, r)
					p = parsed{err: fmt.Errorf("an internal error stopped the reading (%v)", r)}
				}
			}()
			p = run(j)
		}()
		env.Lock()
		defer env.UnlockRender()
		if s.seq != j.seq || errors.Is(p.err, errReplaced) {
			return // a newer file or choice replaced this one
		}
		f.Reading = false
		c.apply(f, p)
	}()
}

// readFile starts reading a file the visitor chose: it is parsed on its own
// goroutine in chunks, each read from the browser's File (so the page paints
// between them), and, if it is good, becomes the data in use. Until then,
// and if it is bad, the previous data stays in use. The file it replaces
// is forgotten and its memory given back.
func (c *View) readFile(name string, size int, open func() chunkSource) {
	s, a := c.side(), c.App
	s.open = true
	f := &uploadFile{Name: name, Size: size}
	c.replaceFile(f)
	if size > maxUploadBytes {
		s.seq++ // a reading still under way is stale
		c.fail(f, fmt.Sprintf("the file is %s; Flow Lab reads CSV files up to %s", format.Bytes(size), format.Bytes(maxUploadBytes)), "")
		return
	}
	f.open = open
	a.Status = "Reading " + data.ShortName(name, 80) + "…"
	prefer := c.preferredNames()
	c.startJob(f, func(j *readJob) parsed { return j.parseNew(prefer) })
}

// replaceFile makes f the upload panel's file. The one it replaces is
// dropped with its table (unless that is the data in use) and the explorer's
// statistics of it, and the memory they held is returned to the runtime.
func (c *View) replaceFile(f *uploadFile) {
	s := c.side()
	old := s.file
	s.file = f
	if old != nil && old.Loaded != nil && old.Loaded != c.App.Data {
		forgetExplorer(old.Loaded)
		old.Loaded = nil
		releaseMemory()
	}
}

// releaseMemory runs the garbage collector and returns free pages, so a
// replaced file's table does not hold the heap up for the next one.
func releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// preferredNames are the features of the classifier an upload should fit:
// the shown flows', else the pretrained or bundled data's.
func (c *View) preferredNames() []string {
	a := c.App
	switch {
	case a.Shown.Pair != nil:
		return a.Shown.Pair.Features
	case a.Shown.Flows[0] != nil && a.Data != nil:
		return a.Data.Names
	case a.Bundled != nil:
		return a.Bundled.Names
	}
	return nil
}

// ApplyColumns parses the current file again with the visitor's columns.
func (c *View) ApplyColumns() {
	f := c.side().file
	if f == nil || f.Reading || f.open == nil || f.Info == nil || f.Cols.Problem() != "" {
		return
	}
	cols := f.Cols
	cols.feature = append([]bool(nil), f.Cols.feature...)
	info := f.Info
	c.startJob(f, func(j *readJob) parsed { return j.parseWith(info, cols) })
}

// apply shows the outcome of a parse; a good table becomes the data in use.
// Call it with the render lock held.
func (c *View) apply(f *uploadFile, p parsed) {
	a := c.App
	if p.info == nil {
		f.Info = nil
		c.fail(f, errorText(p.err), errorHint(p.err))
		return
	}
	f.Info, f.Cols, f.TriedKey = p.info, p.cols, p.cols.Key()
	switch {
	case p.problem != "":
		f.Message, f.Hint = "", ""
		c.fail(f, "its columns need choosing: "+p.problem, "Choose the label and feature columns below, then press “Use these columns”.")
	case p.err != nil:
		c.fail(f, errorText(p.err), errorHint(p.err))
	default:
		f.Message, f.Hint = "", ""
		if f.Loaded != nil && f.Loaded != a.Data {
			forgetExplorer(f.Loaded)
		}
		f.Loaded, f.LoadedKey, f.Dialect = p.d, p.cols.Key(), dialectText(p.dialect)
		f.Flaws = flawTexts(p.flaws, p.d.Names, app.ClassNamesOf(p.d))
		c.clearOwnError()
		prev := a.Data
		a.SetData(p.d, f.Name, app.DatasetUpload)
		if prev != nil && prev != a.Bundled {
			// The table it replaces (an earlier file or columns, a teaching
			// set) is made again if chosen: give its memory back.
			forgetExplorer(prev)
			releaseMemory()
		}
		a.DataStatus(fmt.Sprintf("Ready: the data of %s is loaded (%s rows).", data.ShortName(f.Name, 80), format.Thousands(p.d.Len())))
	}
}

// dialectText says how a file was read: "Read as semicolon-separated,
// decimal commas, first column is a row index."
func dialectText(d data.Dialect) string { return "Read as " + d.String() + "." }

// fail records why file f cannot be used, in the view and in App.Err. The
// data in use does not change.
func (c *View) fail(f *uploadFile, msg, hint string) {
	s, a := c.side(), c.App
	f.Message, f.Hint = msg, hint
	full := format.Clip("Could not use "+data.ShortName(f.Name, 80)+": "+msg+".", 1000)
	s.errShown, a.Err = full, full
	a.Status = "Ready: " + c.InUseText()
}

// InUseText says which data stays in use after a failed upload.
func (c *View) InUseText() string {
	if c.App.Data == nil {
		return "no data is loaded yet."
	}
	return "the " + data.ShortName(c.App.DataLabel, 80) + " data is still in use."
}

// Upload is the file the upload panel shows, or nil.
func (c *View) Upload() *uploadFile { return c.side().file }

// ReadingText says which file is being read, its size and how far the
// reading got: "Reading big.csv (38.2 MB): reading the rows, 412,000 lines
// (41%)…".
func (c *View) ReadingText() string {
	f := c.Upload()
	text := "Reading " + data.ShortName(f.Name, 80) + " (" + format.Bytes(f.Size) + ")"
	if f.Stage != "" {
		text += ": " + f.Stage
	}
	if f.Bytes > 0 {
		text += fmt.Sprintf(", %s %s read", format.Thousands(f.Lines), format.Plural(f.Lines, "line"))
		if f.Size > 0 {
			text += fmt.Sprintf(" (%d%%)", min(100, 100*f.Bytes/f.Size))
		}
	}
	return text + "…"
}

// Dragging reports whether a file is held over the drop zone.
func (c *View) Dragging() bool { return c.side().dragging }

// DropZoneClass is the drop zone's CSS class.
func (c *View) DropZoneClass() string {
	if c.Dragging() {
		return "drop-zone dragging"
	}
	return "drop-zone"
}

// DragOver accepts a dragged file over the drop zone.
func (c *View) DragOver(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.side().dragging = true
}

// DragLeave resets the drop zone's look.
func (c *View) DragLeave() { c.side().dragging = false }

// Drop reads the file dropped on the drop zone.
func (c *View) Drop(ev vugu.DOMEvent) {
	ev.PreventDefault()
	c.side().dragging = false
	f, n := browser.Current.DroppedFile(ev)
	switch {
	case n == 0:
		c.noFile("nothing was dropped that looks like a file")
	case n > 1:
		c.noFile(fmt.Sprintf("%d files were dropped; drop one CSV file", n))
	default:
		c.readFile(f.Name, f.Size, opener(f))
	}
}

// noFile reports a drop without a usable file.
func (c *View) noFile(msg string) {
	f := &uploadFile{Name: "the drop"}
	c.side().seq++
	c.replaceFile(f)
	c.fail(f, msg, "")
}

// FileChosen reads the file picked with the file input.
func (c *View) FileChosen(ev vugu.DOMEvent) {
	if f, ok := browser.Current.ChosenFile(ev); ok {
		c.readFile(f.Name, f.Size, opener(f))
	}
}

// SetLabel chooses the label column of the current file.
func (c *View) SetLabel(name string) {
	if f := c.side().file; f != nil {
		f.Cols.SetLabel(name)
	}
}

// SetSignal chooses which label value is the signal class.
func (c *View) SetSignal(value string) {
	if f := c.side().file; f != nil {
		f.Cols.SetSignal(value)
	}
}

// SetFeature ticks or unticks a feature column of the current file.
func (c *View) SetFeature(name string, on bool) {
	if f := c.side().file; f != nil {
		f.Cols.SetFeature(name, on)
	}
}

// ColumnProblem says why the chosen columns cannot be used, or "".
func (c *View) ColumnProblem() string {
	if f := c.side().file; f != nil && f.HaveHeader() {
		return f.Cols.Problem()
	}
	return ""
}

// CanApply reports whether "Use these columns" would do something.
func (c *View) CanApply() bool {
	f := c.side().file
	if f == nil || !f.HaveHeader() || f.Reading || f.open == nil || f.Cols.Problem() != "" {
		return false
	}
	key := f.Cols.Key()
	if f.Loaded == nil || c.App.Data != f.Loaded {
		return key != f.TriedKey || f.Loaded != nil // a failed choice is not worth retrying
	}
	return key != f.LoadedKey
}

// UploadedInUse reports whether the current file's table is the data in use.
func (c *View) UploadedInUse() bool {
	f := c.side().file
	return f != nil && f.Loaded != nil && c.App.Data == f.Loaded
}

// SignalText explains the signal choice: "“RRLyrae” rows are the signal
// class (label 1), all others the other class (label 0); a guess: change it
// if it is wrong."
func (c *View) SignalText() string {
	f := c.Upload()
	if f == nil || f.Cols.Signal == "" {
		return ""
	}
	text := fmt.Sprintf("Rows whose %s is “%s” are the signal class (label 1); all others are the other class (label 0).",
		data.ShortName(f.Cols.Label, 40), data.ShortName(f.Cols.Signal, 40))
	if f.Cols.SignalGuessed {
		text += " This is a guess: change it if it is wrong."
	}
	return text
}

// ValueOption is one entry of the signal-value menu.
type ValueOption struct {
	Value, Label string
}

// SignalOptions lists the label column's values for the signal menu, with
// their row counts, e.g. `RRLyrae (483 rows)`.
func (c *View) SignalOptions() []ValueOption {
	f := c.Upload()
	if f == nil {
		return nil
	}
	var out []ValueOption
	for _, v := range f.Cols.LabelValues() {
		name := v.Value
		if name == "" {
			name = "(empty)"
		}
		out = append(out, ValueOption{Value: v.Value, Label: fmt.Sprintf("%s (%s %s)", data.ShortName(name, 40), format.Thousands(v.Rows), format.Plural(v.Rows, "row"))})
	}
	return out
}

// ColumnName is a column name shortened for the picker.
func ColumnName(name string) string { return data.ShortName(name, 60) }

// opener reads f in chunks of readChunk bytes.
func opener(f browser.File) func() chunkSource {
	return func() chunkSource { return f.Open(readChunk) }
}
