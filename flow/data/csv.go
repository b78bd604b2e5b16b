package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on the number of feature columns a table may have.
const (
	// MinFeatures is the fewest feature columns a table may have (a flow needs at least 2-D input).
	MinFeatures = 2
	// MaxFeatures is the most feature columns a table may have.
	MaxFeatures = 8
)

// DefaultLabel is the label column name used when CSVOptions.Label is "".
const DefaultLabel = "label"

// CSVOptions selects the columns ParseCSV reads. The zero value reads every column but "label" as features.
type CSVOptions struct {
	// Features names the feature columns, in the order they are stored (Dataset.Names).
	// Empty means every column except the label, in file order. Other columns are ignored
	// and may hold anything (only their field count is checked).
	Features []string
	// Label is the name of the label column; "" means DefaultLabel ("label").
	Label string
	// MaxRows, if positive, is the largest number of data rows accepted; a file with more
	// fails with ErrTooManyRows at the first extra row. 0 means no limit.
	MaxRows int
}

// The CSV dialect is deliberately small and strict:
//   - comma-separated; no quoting (a quote is part of the field, so `"1.5"` is not a number);
//   - the first line is the header (a UTF-8 byte order mark before it is skipped);
//   - line ends are \n or \r\n; spaces and tabs around fields are ignored;
//   - blank lines are allowed only at the end of the file; there are no comment lines.

// ReadHeader reads the first line of r and returns its column names, trimmed of spaces.
// It fails with a *ParseError wrapping ErrNoHeader, ErrEmptyName or ErrDuplicateColumn.
// It reads a little beyond the first line (it buffers r).
func ReadHeader(r io.Reader) ([]string, error) {
	lr := newLineReader(r)
	return readHeader(lr)
}

// ParseCSV reads a labelled table from r.
//
// Features are parsed with strconv.ParseFloat(s, 64) and must be finite; labels must be
// numerically exactly 0 or 1 ("0", "1", "0.0", "1.0", "1e0" are all fine). Between MinFeatures and
// MaxFeatures feature columns must be selected and both classes must occur.
// Every problem is reported as a *ParseError naming the line and column, wrapping one of
// ErrNoHeader, ErrEmptyName, ErrDuplicateColumn, ErrMissingColumn, ErrFieldCount, ErrNotNumber,
// ErrNotFinite, ErrBadLabel, ErrTooFewFeatures, ErrTooManyFeatures, ErrTooManyRows, ErrNoRows,
// ErrOneClass, or the reader's own error.
func ParseCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	lr := newLineReader(r)
	header, err := readHeader(lr)
	if err != nil {
		return nil, err
	}
	labelName := opt.Label
	if labelName == "" {
		labelName = DefaultLabel
	}
	featIdx, labelIdx, err := selectColumns(header, opt.Features, labelName)
	if err != nil {
		return nil, err
	}
	dim := len(featIdx)
	d := &Dataset{Dim: dim, Names: make([]string, dim)}
	for j, c := range featIdx {
		d.Names[j] = header[c]
	}

	fields := make([]string, 0, len(header))
	blankLine := 0 // first blank line seen; an error if data follows it
	var n0, n1 int
	for {
		raw, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &ParseError{Line: lr.line, Err: fmt.Errorf("reading CSV: %w", err)}
		}
		if isBlank(raw) {
			if blankLine == 0 {
				blankLine = lr.line
			}
			continue
		}
		if blankLine != 0 {
			return nil, &ParseError{Line: blankLine, Err: fmt.Errorf("%w: blank line inside the data (blank lines are allowed only at the end)", ErrFieldCount)}
		}
		if opt.MaxRows > 0 && len(d.Y) >= opt.MaxRows {
			return nil, &ParseError{Line: lr.line, Err: fmt.Errorf("%w: more than %d data rows", ErrTooManyRows, opt.MaxRows)}
		}
		line := string(raw) // one allocation per line; fields below are substrings of it
		fields = splitFields(fields[:0], line)
		if len(fields) != len(header) {
			return nil, &ParseError{Line: lr.line, Err: fmt.Errorf("%w: %d fields, the header has %d", ErrFieldCount, len(fields), len(header))}
		}
		for _, c := range featIdx {
			v, err := parseValue(fields[c])
			if err != nil {
				return nil, &ParseError{Line: lr.line, Column: header[c], Err: err}
			}
			d.X = append(d.X, v)
		}
		y, err := parseLabel(fields[labelIdx])
		if err != nil {
			return nil, &ParseError{Line: lr.line, Column: labelName, Err: err}
		}
		if y == 0 {
			n0++
		} else {
			n1++
		}
		d.Y = append(d.Y, y)
	}
	switch {
	case len(d.Y) == 0:
		return nil, &ParseError{Err: fmt.Errorf("%w: the file has a header but no data rows", ErrNoRows)}
	case n0 == 0 || n1 == 0:
		only, other := 0, 1
		if n0 == 0 {
			only, other = 1, 0
		}
		return nil, &ParseError{Column: labelName, Err: fmt.Errorf("%w: all %d rows have label %d, none has label %d; both classes are needed", ErrOneClass, len(d.Y), only, other)}
	}
	return d, nil
}

// readHeader reads and checks line 1.
func readHeader(lr *lineReader) ([]string, error) {
	raw, err := lr.next()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: the input is empty", ErrNoHeader)}
	}
	if err != nil {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("reading CSV: %w", err)}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if isBlank(raw) {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: the first line is blank; it must name the columns", ErrNoHeader)}
	}
	if !utf8.Valid(raw) {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: the first line is not UTF-8 text; is this a CSV file?", ErrNoHeader)}
	}
	names := splitFields(nil, string(raw))
	allNumbers := true
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		if name == "" {
			return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: column %d has no name", ErrEmptyName, i+1)}
		}
		if seen[name] {
			return nil, &ParseError{Line: 1, Column: name, Err: fmt.Errorf("%w: the header names it twice", ErrDuplicateColumn)}
		}
		seen[name] = true
		if _, err := strconv.ParseFloat(name, 64); err != nil {
			allNumbers = false
		}
	}
	if allNumbers {
		return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: the first line holds only numbers; it must name the columns (e.g. u_g,g_r,r_i,i_z,label)", ErrNoHeader)}
	}
	return names, nil
}

// selectColumns maps the requested features and the label to header indices.
func selectColumns(header, features []string, labelName string) (featIdx []int, labelIdx int, err error) {
	index := make(map[string]int, len(header))
	for i, name := range header {
		index[name] = i
	}
	labelIdx, ok := index[labelName]
	if !ok {
		return nil, 0, &ParseError{Line: 1, Column: labelName, Err: fmt.Errorf("%w: no label column %q; the header has %s", ErrMissingColumn, labelName, strings.Join(header, ", "))}
	}
	if len(features) == 0 {
		for i := range header {
			if i != labelIdx {
				featIdx = append(featIdx, i)
			}
		}
	} else {
		used := make(map[string]bool, len(features))
		for _, f := range features {
			i, ok := index[f]
			switch {
			case !ok:
				return nil, 0, &ParseError{Line: 1, Column: f, Err: fmt.Errorf("%w: no feature column %q; the header has %s", ErrMissingColumn, f, strings.Join(header, ", "))}
			case i == labelIdx:
				return nil, 0, &ParseError{Line: 1, Column: f, Err: fmt.Errorf("%w: it is the label column and cannot also be a feature", ErrDuplicateColumn)}
			case used[f]:
				return nil, 0, &ParseError{Line: 1, Column: f, Err: fmt.Errorf("%w: requested as a feature twice", ErrDuplicateColumn)}
			}
			used[f] = true
			featIdx = append(featIdx, i)
		}
	}
	switch {
	case len(featIdx) < MinFeatures:
		return nil, 0, &ParseError{Line: 1, Err: fmt.Errorf("%w: %d feature column(s), need at least %d", ErrTooFewFeatures, len(featIdx), MinFeatures)}
	case len(featIdx) > MaxFeatures:
		return nil, 0, &ParseError{Line: 1, Err: fmt.Errorf("%w: %d feature columns, at most %d are allowed; choose some with CSVOptions.Features", ErrTooManyFeatures, len(featIdx), MaxFeatures)}
	}
	return featIdx, labelIdx, nil
}

// parseValue parses one feature field.
func parseValue(field string) (float64, error) {
	s := strings.Trim(field, " \t")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%w: %q is out of range", ErrNotFinite, s)
		}
		return 0, fmt.Errorf("%w: %q", ErrNotNumber, s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: %q", ErrNotFinite, s)
	}
	return v, nil
}

// parseLabel parses one label field; it must be numerically 0 or 1.
func parseLabel(field string) (int, error) {
	s := strings.Trim(field, " \t")
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && v == 0:
		return 0, nil
	case err == nil && v == 1:
		return 1, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrBadLabel, s)
}

// splitFields appends the comma-separated, space-trimmed fields of line to dst.
// The fields are substrings of line (no allocation beyond growing dst).
func splitFields(dst []string, line string) []string {
	for {
		i := strings.IndexByte(line, ',')
		if i < 0 {
			return append(dst, strings.Trim(line, " \t"))
		}
		dst = append(dst, strings.Trim(line[:i], " \t"))
		line = line[i+1:]
	}
}

// isBlank reports whether a line holds only spaces and tabs.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// lineReader yields lines without their \n or \r\n and counts them (1-based).
type lineReader struct {
	br   *bufio.Reader
	long []byte // holds a line longer than br's buffer
	line int    // number of the line last returned
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64*1024)}
}

// next returns the next line; the slice is valid until the next call. It returns io.EOF
// after the last line (a final line without \n is still returned).
func (lr *lineReader) next() ([]byte, error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	lr.line++
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	return b, nil
}
