package data

import (
	"errors"
	"fmt"
	"io"
	"strings"
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

// CSVOptions selects the columns ParseCSV reads and how. The zero value detects the
// dialect and reads every column but "label" as features.
type CSVOptions struct {
	// Features names the feature columns, in the order they are stored (Dataset.Names).
	// Empty means every column except the label, in file order. Other columns are ignored
	// and may hold anything (only their field count is checked). Names are matched
	// exactly, else ignoring case and surrounding spaces ([MatchNames]).
	Features []string
	// Label is the name of the label column; "" means DefaultLabel ("label").
	Label string
	// Signal, if not "", is the label value of the signal class (label 1): rows with
	// that value are class 1, all others class 0. It lets labels such as true/false,
	// yes/no or RRLyrae/star be used; [InspectCSV] and [CSVResult.LabelValues] list the
	// values to choose from. "" means labels must be 0 or 1.
	Signal string
	// Delimiter is ',', ';' or '\t'; 0 detects it from the header line.
	Delimiter rune
	// MaxRows, if positive, is the largest number of data rows accepted; a file with more
	// fails with ErrTooManyRows at the first extra row. 0 means no limit.
	MaxRows int
	// MaxBytes, if positive, is the largest file read; 0 means DefaultMaxBytes.
	MaxBytes int
	// ForScoring reads a table to be scored rather than trained on: the label column
	// may be missing (then every label is 0 and CSVResult.Labelled is false), one class
	// is enough, and 1 to 64 features may be chosen instead of MinFeatures…MaxFeatures.
	ForScoring bool
}

// The CSV dialect is what spreadsheets, R and pandas write (RFC 4180, read with encoding/csv):
//   - fields are separated by commas, semicolons or tabs, detected from the header line
//     (the most frequent of the three outside quotes); in semicolon and tab separated
//     files a decimal comma is accepted ("1,25");
//   - any field may be quoted ("1.5", "u_g"), with "" for a quote inside;
//   - the first line that is not a comment is the header (a UTF-8 byte order mark before
//     it is skipped); an empty first name (pandas' index, R's row names) or a header one
//     name short of the rows (R's write.table) marks a row-index column, which is ignored;
//   - line ends are \n, \r\n or \r; spaces around fields are ignored; blank lines and
//     lines starting with # are skipped.

// CSVResult is a table read by [ReadCSV] and how it was read.
type CSVResult struct {
	// Data is the table.
	Data *Dataset
	// Dialect says how the file is written (delimiter, decimal comma, row index, …).
	Dialect Dialect
	// Header lists every column of the file, without a row-index column.
	Header []string
	// Labelled is false only when ForScoring found no label column.
	Labelled bool
	// LabelValues lists the distinct values of the label column as written, in order
	// of first appearance, with their row counts (at most MaxLabelValues).
	LabelValues []LabelValue
}

// ReadHeader reads the header of the CSV in r (detecting its dialect) and returns its column
// names, trimmed of spaces, without a row-index column. It fails with a *ParseError wrapping
// ErrNoHeader, ErrEmptyName, ErrDuplicateColumn, ErrNameTooLong or ErrQuote.
// It reads a little beyond the header (it buffers r).
func ReadHeader(r io.Reader) ([]string, error) {
	t, err := openTable(r, CSVOptions{})
	if err != nil {
		return nil, err
	}
	return t.header, nil
}

// ParseCSV reads a labelled table from r: ReadCSV(r, opt).Data.
func ParseCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	res, err := ReadCSV(r, opt)
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// ReadCSV reads a labelled table from r in any of the dialects described above.
//
// Features are parsed with strconv.ParseFloat (after a decimal comma is made a point) and
// must be finite and at most MaxMagnitude in magnitude; labels must be numerically 0 or 1
// ("0", "1", "0.0", "1e0"), unless opt.Signal names the signal value. Between MinFeatures
// and MaxFeatures feature columns must be selected and both classes must occur (unless
// opt.ForScoring). Every problem is reported as a *ParseError naming the line and column,
// wrapping one of ErrNoHeader, ErrEmptyName, ErrDuplicateColumn, ErrMissingColumn,
// ErrFieldCount, ErrQuote, ErrNotNumber, ErrNotFinite, ErrHugeValue, ErrBadLabel,
// ErrTooFewFeatures, ErrTooManyFeatures, ErrTooManyRows, ErrNoRows, ErrOneClass,
// ErrFileTooLarge, ErrLineTooLong, ErrNameTooLong, or the reader's own error.
func ReadCSV(r io.Reader, opt CSVOptions) (*CSVResult, error) {
	t, err := openTable(r, opt)
	if err != nil {
		return nil, err
	}
	header := t.header
	labelName := opt.Label
	if labelName == "" {
		labelName = DefaultLabel
	}
	featIdx, labelIdx, err := selectColumns(header, t.line, opt.Features, labelName, opt.ForScoring, t.dialect)
	if err != nil {
		return nil, err
	}
	if labelIdx >= 0 {
		labelName = header[labelIdx]
	}
	dim := len(featIdx)
	res := &CSVResult{Header: header, Labelled: labelIdx >= 0}
	d := &Dataset{Dim: dim, Names: make([]string, dim)}
	for j, c := range featIdx {
		d.Names[j] = header[c]
	}
	decimalComma := t.dialect.Delimiter != ','
	var labels labelCounter
	var n0, n1 int
	badLine, badValue := 0, ""
	for {
		fields, line, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if opt.MaxRows > 0 && len(d.Y) >= opt.MaxRows {
			return nil, &ParseError{Line: line, Err: errTooManyRows(opt.MaxRows)}
		}
		for _, c := range featIdx {
			v, comma, err := parseValue(fields[c], decimalComma)
			if err != nil {
				return nil, &ParseError{Line: line, Column: header[c], Err: err}
			}
			t.dialect.DecimalComma = t.dialect.DecimalComma || comma
			d.X = append(d.X, v)
		}
		y := 0
		if labelIdx >= 0 {
			s := strings.TrimSpace(fields[labelIdx])
			labels.add(s)
			var ok bool
			if y, ok = labelOf(s, opt.Signal, decimalComma); !ok && badLine == 0 {
				badLine, badValue = line, s
			}
		}
		if y == 0 {
			n0++
		} else {
			n1++
		}
		d.Y = append(d.Y, y)
	}
	res.Dialect, res.LabelValues, res.Data = t.dialect, labels.values, d
	switch {
	case badLine != 0:
		return nil, &ParseError{Line: badLine, Column: labelName, Err: fmt.Errorf("%w: %s; the column holds %s. Say which value is the signal class, or choose another label column",
			ErrBadLabel, quoteShort(badValue), labels.describe())}
	case len(d.Y) == 0:
		return nil, &ParseError{Err: fmt.Errorf("%w: the file has a header but no data rows", ErrNoRows)}
	case opt.ForScoring:
	case opt.Signal != "" && n1 == 0:
		return nil, &ParseError{Column: labelName, Err: fmt.Errorf("%w: no row has the signal value %s; the column holds %s", ErrOneClass, quoteShort(opt.Signal), labels.describe())}
	case opt.Signal != "" && n0 == 0:
		return nil, &ParseError{Column: labelName, Err: fmt.Errorf("%w: every row has the signal value %s; a background class is needed too", ErrOneClass, quoteShort(opt.Signal))}
	case n0 == 0 || n1 == 0:
		only, other := 0, 1
		if n0 == 0 {
			only, other = 1, 0
		}
		return nil, &ParseError{Column: labelName, Err: fmt.Errorf("%w: all %d rows have label %d, none has label %d; both classes are needed", ErrOneClass, len(d.Y), only, other)}
	}
	return res, nil
}

// selectColumns maps the requested features and the label to header indices (labelIdx
// is -1 when forScoring and the file has no label column); line is the header's.
func selectColumns(header []string, line int, features []string, labelName string, forScoring bool, dialect Dialect) (featIdx []int, labelIdx int, err error) {
	labelIdx = -1
	if li, err := MatchNames(header, []string{labelName}); err == nil {
		labelIdx = li[0]
	} else if !forScoring {
		return nil, 0, &ParseError{Line: line, Column: labelName, Err: fmt.Errorf("%w: no label column %s; the header (%s-separated) has %s",
			ErrMissingColumn, quoteShort(labelName), dialect.DelimiterName(), listNames(header))}
	}
	if len(features) == 0 {
		for i := range header {
			if i != labelIdx {
				featIdx = append(featIdx, i)
			}
		}
	} else {
		idx, err := MatchNames(header, features)
		if err != nil {
			var ce *ColumnsError
			errors.As(err, &ce)
			return nil, 0, &ParseError{Line: line, Column: ce.Missing[0], Err: fmt.Errorf("%w: no feature column %s; the header (%s-separated) has %s",
				ErrMissingColumn, listNames(ce.Missing), dialect.DelimiterName(), listNames(header))}
		}
		used := make(map[int]bool, len(features))
		for j, i := range idx {
			switch {
			case i == labelIdx:
				return nil, 0, &ParseError{Line: line, Column: features[j], Err: fmt.Errorf("%w: it is the label column and cannot also be a feature", ErrDuplicateColumn)}
			case used[i]:
				return nil, 0, &ParseError{Line: line, Column: features[j], Err: fmt.Errorf("%w: requested as a feature twice", ErrDuplicateColumn)}
			}
			used[i] = true
		}
		featIdx = idx
	}
	lo, hi := MinFeatures, MaxFeatures
	if forScoring {
		lo, hi = 1, 64
	}
	switch {
	case len(featIdx) < lo:
		return nil, 0, &ParseError{Line: line, Err: fmt.Errorf("%w: %d feature column(s), need at least %d; the header, read as %s-separated, has %s: %s",
			ErrTooFewFeatures, len(featIdx), lo, dialect.DelimiterName(), plural(len(header), "column"), listNames(header))}
	case len(featIdx) > hi:
		return nil, 0, &ParseError{Line: line, Err: fmt.Errorf("%w: %d feature columns, at most %d are allowed; choose some of them",
			ErrTooManyFeatures, len(featIdx), hi)}
	}
	return featIdx, labelIdx, nil
}

// errTooManyRows is the ErrTooManyRows for a cap of max rows.
func errTooManyRows(max int) error {
	return fmt.Errorf("%w: more than %d data rows", ErrTooManyRows, max)
}
