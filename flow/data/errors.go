package data

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Loaders wrap them in a [*ParseError] (CSV) or an [*AssetError] (binary asset),
// so callers test with errors.Is and find the position with errors.As.
var (
	// ErrNoHeader: the CSV has no header line (empty input or only comments and blank lines,
	// a header that is not UTF-8 text, a first line that is all numbers, or a delimiter
	// option other than ',', ';' and '\t').
	ErrNoHeader = errors.New("data: no header line")
	// ErrEmptyName: a header field is empty.
	ErrEmptyName = errors.New("data: empty column name")
	// ErrDuplicateColumn: a column name appears twice in the header, a feature is requested twice,
	// or the label column is also requested as a feature.
	ErrDuplicateColumn = errors.New("data: duplicate column")
	// ErrMissingColumn: a requested feature or the label column is not in the header.
	ErrMissingColumn = errors.New("data: missing column")
	// ErrFieldCount: a row has a different number of fields than the header, or the header
	// has more than MaxColumns.
	ErrFieldCount = errors.New("data: wrong number of fields")
	// ErrNotNumber: a feature value is not a decimal number.
	ErrNotNumber = errors.New("data: not a number")
	// ErrNotFinite: a feature value is NaN, ±Inf, or too large for float64 (or float32 in an asset).
	ErrNotFinite = errors.New("data: not a finite number")
	// ErrBadLabel: a label is not exactly 0 or 1 (and CSVOptions.Signal does not say
	// which value is the signal class).
	ErrBadLabel = errors.New("data: label is not 0 or 1")
	// ErrHugeValue: a feature value is finite but larger than MaxMagnitude in magnitude.
	ErrHugeValue = errors.New("data: value too large")
	// ErrQuote: a field's double quotes do not follow RFC 4180.
	ErrQuote = errors.New("data: bad quoting")
	// ErrFileTooLarge: the CSV is larger than CSVOptions.MaxBytes.
	ErrFileTooLarge = errors.New("data: file too large")
	// ErrLineTooLong: a line is longer than MaxLineBytes.
	ErrLineTooLong = errors.New("data: line too long")
	// ErrNameTooLong: a column name is longer than MaxNameBytes.
	ErrNameTooLong = errors.New("data: column name too long")
	// ErrTooFewFeatures: fewer than MinFeatures feature columns are selected.
	ErrTooFewFeatures = errors.New("data: too few feature columns")
	// ErrTooManyFeatures: more than MaxFeatures feature columns are selected.
	ErrTooManyFeatures = errors.New("data: too many feature columns")
	// ErrTooManyRows: the CSV has more data rows than CSVOptions.MaxRows.
	ErrTooManyRows = errors.New("data: too many rows")
	// ErrNoRows: the CSV has a header but no data rows.
	ErrNoRows = errors.New("data: no data rows")
	// ErrOneClass: all rows have the same label; both classes 0 and 1 are needed.
	ErrOneClass = errors.New("data: only one class present")

	// ErrAssetMagic: the bytes do not start with the asset magic "FLDATA1\n".
	ErrAssetMagic = errors.New("data: not a Flow Lab data asset")
	// ErrAssetVersion: the asset's version or labelled flag is not one this package reads.
	ErrAssetVersion = errors.New("data: unsupported asset version")
	// ErrAssetSize: the asset is shorter or longer than its header says, or a size field is impossible.
	ErrAssetSize = errors.New("data: asset size does not match its header")
	// ErrAssetChecksum: the asset's trailing CRC-64 does not match its contents.
	ErrAssetChecksum = errors.New("data: asset checksum mismatch")
	// ErrAssetName: a column name in the asset is empty, not UTF-8, or repeated.
	ErrAssetName = errors.New("data: bad column name in asset")

	// ErrUnknownToy: Toy was asked for a data set name not in ToyNames.
	ErrUnknownToy = errors.New("data: unknown toy data set")
)

// ParseError reports a problem in CSV input: where it is and what is wrong.
// Err wraps one of the sentinel errors above (or the reader's I/O error) with details.
type ParseError struct {
	// Line is the 1-based line in the file (comment lines count); 0 when the problem
	// concerns the whole file (ErrNoRows, ErrOneClass, ErrFileTooLarge).
	Line int
	// Column is the name of the column concerned, "" when not about one column.
	// It may be long: Error shows it shortened ([ShortName]); so should a page.
	Column string
	// Err is the cause; errors.Is(e, ErrNotNumber) and friends look through it.
	Err error
}

// Error reads like `data: line 17, column "g_r": not a number: "abc"`.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("data: ")
	where := false
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d", e.Line)
		where = true
	}
	if e.Column != "" {
		if where {
			b.WriteString(", ")
		}
		b.WriteString("column " + quoteShort(e.Column))
		where = true
	}
	if where {
		b.WriteString(": ")
	}
	b.WriteString(trimPrefix(e.Err))
	return b.String()
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// AssetError reports a problem in a binary data asset and the byte offset where it was found.
// Err wraps one of the ErrAsset… sentinels, ErrNotFinite or ErrBadLabel, with details.
type AssetError struct {
	// Offset is the 0-based byte offset in the asset where the problem was found.
	Offset int
	// Err is the cause.
	Err error
}

// Error reads like `data: asset byte 40: asset checksum mismatch: ...`.
func (e *AssetError) Error() string {
	return fmt.Sprintf("data: asset byte %d: %s", e.Offset, trimPrefix(e.Err))
}

// Unwrap returns e.Err.
func (e *AssetError) Unwrap() error { return e.Err }

// trimPrefix drops the "data: " prefix of a wrapped sentinel so messages do not repeat it.
func trimPrefix(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "data: ")
}
