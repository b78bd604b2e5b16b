package data

import (
	"bytes"
	"strings"
)

// Delimiters the CSV reader detects, in order of preference on a tie.
var delimiters = []rune{',', ';', '\t'}

// Dialect describes how a CSV file is written, as the reader found it.
type Dialect struct {
	// Delimiter separates the fields: ',', ';' or '\t'.
	Delimiter rune
	// DecimalComma is set when some number was written with a decimal comma
	// ("1,25"), which the reader accepts in ';' and tab separated files.
	DecimalComma bool
	// LineEnd is "LF", "CRLF" or "CR" (the most common line end), or "" for a
	// file of one line.
	LineEnd string
	// RowIndex is set when the first column is a row index and not data: its
	// header name is empty (pandas' index, R's write.csv row names) or the
	// header has one name fewer than the rows (R's write.table).
	RowIndex bool
	// Comments is the number of lines skipped because they start with '#'.
	Comments int
}

// DelimiterName names d.Delimiter for people: "comma", "semicolon" or "tab".
func (d Dialect) DelimiterName() string { return delimiterName(d.Delimiter) }

// String describes the dialect for people, e.g. "semicolon-separated,
// decimal commas, CR line ends, first column is a row index".
func (d Dialect) String() string {
	parts := []string{d.DelimiterName() + "-separated"}
	if d.DecimalComma {
		parts = append(parts, "decimal commas")
	}
	if d.LineEnd == "CR" || d.LineEnd == "CRLF" {
		parts = append(parts, d.LineEnd+" line ends")
	}
	if d.RowIndex {
		parts = append(parts, "first column is a row index")
	}
	if d.Comments > 0 {
		parts = append(parts, plural(d.Comments, "comment line")+" skipped")
	}
	return strings.Join(parts, ", ")
}

// delimiterName names a delimiter for people.
func delimiterName(r rune) string {
	switch r {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return strings.Trim(quoteShort(string(r)), `"`)
}

// sniffDelimiter picks the delimiter of the header line: the candidate that
// occurs most often outside double quotes, comma on a tie (also when none
// occurs: a one-column file).
func sniffDelimiter(line []byte) rune {
	var count [3]int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				count[0]++
			}
		case ';':
			if !quoted {
				count[1]++
			}
		case '\t':
			if !quoted {
				count[2]++
			}
		}
	}
	best := 0
	for i := range count {
		if count[i] > count[best] {
			best = i
		}
	}
	return delimiters[best]
}

// headerLine returns the first line of b that is neither blank nor a '#'
// comment (without its line end), or what is left if no line end follows.
// b has had its line ends normalised to \n.
func headerLine(b []byte) []byte {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if t := bytes.TrimLeft(line, " \t"); len(t) > 0 && line[0] != '#' {
			return line
		}
	}
	return nil
}
