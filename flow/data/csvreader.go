package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Caps on CSV input, so that no file can make the reader allocate without bound.
const (
	// DefaultMaxBytes is the largest CSV file read when CSVOptions.MaxBytes is 0.
	DefaultMaxBytes = 512 << 20
	// MaxLineBytes is the longest line accepted (a header of 8 columns with
	// long names is a few hundred bytes).
	MaxLineBytes = 1 << 20
	// MaxNameBytes is the longest column name accepted. Show names with
	// [ShortName]: even accepted names can be too long for a label.
	MaxNameBytes = 1024
	// MaxColumns is the most columns a file may have.
	MaxColumns = 4096
)

// sniffBytes is how much of the file is looked at to find the delimiter.
const sniffBytes = 64 << 10

// tableReader reads a CSV record by record with encoding/csv after finding
// its dialect and reading its header.
type tableReader struct {
	cr      *csv.Reader
	ends    *lineEnds
	dialect Dialect
	header  []string // the column names, without a row-index column
	line    int      // the header's line
	offset  int      // 1 if every record starts with a row-index field
	first   bool     // no data record read yet (a row index may still show up)
}

// openTable detects the dialect of r (or takes opt.Delimiter), then reads
// and checks the header: it must be UTF-8, name every column once (the first
// name may be empty: a row index), and not be all numbers.
func openTable(r io.Reader, opt CSVOptions) (*tableReader, error) {
	maxBytes := opt.MaxBytes
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	br := bufio.NewReaderSize(r, 4096)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	ends := &lineEnds{r: br, maxBytes: int64(maxBytes), maxLine: MaxLineBytes}
	// Read the start of the file to find the delimiter, then hand it to csv.
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(ends, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, inputError(1, err)
	}
	delim := opt.Delimiter
	if delim == 0 {
		delim = sniffDelimiter(headerLine(head))
	} else if delim != ',' && delim != ';' && delim != '\t' {
		return nil, &ParseError{Err: fmt.Errorf("%w: delimiter %s is not a comma, a semicolon or a tab", ErrNoHeader, quoteShort(string(delim)))}
	}
	cr := csv.NewReader(io.MultiReader(bytes.NewReader(head), ends))
	cr.Comma = delim
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = delim != '\t' // it would also eat empty tab-separated fields
	t := &tableReader{cr: cr, ends: ends, first: true, dialect: Dialect{Delimiter: delim}}
	if err := t.readHeader(); err != nil {
		return nil, err
	}
	return t, nil
}

// readHeader reads and checks the first record.
func (t *tableReader) readHeader() error {
	rec, err := t.cr.Read()
	if err == io.EOF {
		return &ParseError{Line: 1, Err: fmt.Errorf("%w: the input is empty%s", ErrNoHeader, t.commentNote())}
	}
	if err != nil {
		return t.recordError(err)
	}
	line, _ := t.cr.FieldPos(0)
	if len(rec) > MaxColumns {
		return &ParseError{Line: line, Err: fmt.Errorf("%w: the header has %d columns, at most %d are read", ErrFieldCount, len(rec), MaxColumns)}
	}
	names := make([]string, len(rec))
	allNumbers := true
	for i, f := range rec {
		name := strings.TrimSpace(f)
		switch {
		case !utf8.ValidString(name):
			return &ParseError{Line: line, Err: fmt.Errorf("%w: the header is not UTF-8 text; is this a CSV file?", ErrNoHeader)}
		case len(name) > MaxNameBytes:
			return &ParseError{Line: line, Err: fmt.Errorf("%w: column %d's name is %d bytes long (%s), at most %d are allowed", ErrNameTooLong, i+1, len(name), quoteShort(name), MaxNameBytes)}
		}
		if _, err := strconv.ParseFloat(name, 64); err != nil {
			allNumbers = false
		}
		names[i] = name
	}
	if len(names) > 1 && names[0] == "" {
		t.offset = 1
		t.dialect.RowIndex = true
		names = names[1:]
	}
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		if name == "" {
			return &ParseError{Line: line, Err: fmt.Errorf("%w: column %d has no name", ErrEmptyName, i+1+t.offset)}
		}
		if seen[name] {
			return &ParseError{Line: line, Column: name, Err: fmt.Errorf("%w: the header names it twice", ErrDuplicateColumn)}
		}
		seen[name] = true
	}
	if allNumbers {
		return &ParseError{Line: line, Err: fmt.Errorf("%w: the first line holds only numbers; it must name the columns (e.g. u_g,g_r,r_i,i_z,label)%s", ErrNoHeader, t.commentNote())}
	}
	t.header, t.line = names, line
	return nil
}

// commentNote explains, if comment lines were skipped, that '#' starts one.
func (t *tableReader) commentNote() string {
	if t.ends.comments == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s starting with # skipped as comments)", plural(t.ends.comments, "line"))
}

// next returns the next data record without the row-index field, and its
// line; io.EOF after the last. Blank lines are skipped. A record whose field
// count differs from the header's is an ErrFieldCount; on the first record,
// one field more than the header, the last not empty (that would be a
// trailing delimiter), means a row index (R's write.table).
func (t *tableReader) next() ([]string, int, error) {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			t.finish()
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, t.recordError(err)
		}
		line, _ := t.cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces
		}
		if t.first {
			t.first = false
			if t.offset == 0 && len(rec) == len(t.header)+1 && strings.TrimSpace(rec[len(rec)-1]) != "" {
				t.offset = 1
				t.dialect.RowIndex = true
			}
		}
		if len(rec) != len(t.header)+t.offset {
			hint := ""
			if len(rec) > len(t.header)+t.offset && t.dialect.Delimiter == ',' {
				hint = " (a decimal comma? then separate the fields with ; or tabs)"
			}
			return nil, line, &ParseError{Line: line, Err: fmt.Errorf("%w: %d fields, the header has %d (%s-separated)%s",
				ErrFieldCount, len(rec)-t.offset, len(t.header), t.dialect.DelimiterName(), hint)}
		}
		return rec[t.offset:], line, nil
	}
}

// finish completes the dialect from what the line-end reader saw.
func (t *tableReader) finish() {
	t.dialect.LineEnd = t.ends.ending()
	t.dialect.Comments = t.ends.comments
}

// recordError turns an error of csv.Reader (or of the input) into a *ParseError.
func (t *tableReader) recordError(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		where := fmt.Sprintf("character %d", ce.Column)
		if ce.StartLine != ce.Line {
			where = fmt.Sprintf("the record that starts here runs on to line %d, character %d", ce.Line, ce.Column)
		}
		return &ParseError{Line: ce.StartLine, Err: fmt.Errorf("%w: %s: %v (quote a field that holds quotes or separators, and double the quotes inside it)", ErrQuote, where, ce.Err)}
	}
	return inputError(t.ends.lines+1, err)
}

// inputError wraps an error of the input or of the caps at line.
func inputError(line int, err error) error {
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, ErrFileTooLarge):
		return &ParseError{Err: err}
	}
	return &ParseError{Line: line, Err: fmt.Errorf("reading CSV: %w", err)}
}

// quoteShort quotes s for a message, shortened to 40 characters.
func quoteShort(s string) string { return strconv.Quote(ShortName(s, 40)) }

// plural writes "1 line", "3 lines".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
