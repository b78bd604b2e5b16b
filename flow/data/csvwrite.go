package data

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVWriter writes CSV that spreadsheets open safely: RFC 4180 quoting by
// encoding/csv (a field with a comma, a quote or a line end is quoted, with
// quotes doubled), and text cells that a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or a carriage return; OWASP's "CSV
// injection") prefixed with a single quote, so "=1+1" is shown as the text
// =1+1. Numbers such as -4.2, 1e-3, NaN or -Inf are written unchanged.
// The CLI's score output and the page's score download both use it.
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// NewCSVWriter returns a CSVWriter writing to w (buffered; call Flush).
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record; every cell that is not a number goes through SafeCell.
func (c *CSVWriter) Write(cells ...string) error {
	c.row = c.row[:0]
	for _, s := range cells {
		c.row = append(c.row, SafeCell(s))
	}
	return c.w.Write(c.row)
}

// WriteFloats writes one record of leading text cells followed by numbers,
// each number as the shortest decimal that reads back as the same float64.
func (c *CSVWriter) WriteFloats(text []string, values ...float64) error {
	c.row = c.row[:0]
	for _, s := range text {
		c.row = append(c.row, SafeCell(s))
	}
	for _, v := range values {
		c.row = append(c.row, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return c.w.Write(c.row)
}

// Flush writes any buffered data and returns the first error of any write.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// SafeCell returns s as a spreadsheet should see it: unchanged if it is a
// number (in the decimal notation strconv.FormatFloat writes, or NaN, Inf,
// +Inf, -Inf) or does not start with a formula character; else with a
// single quote in front. Quoting for CSV is left to the writer.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || isPlainNumber(s) {
		return s
	}
	return "'" + s
}

// isPlainNumber reports whether s is a decimal number (optional sign, digits,
// point, exponent) or NaN/Inf with an optional sign.
func isPlainNumber(s string) bool {
	switch s {
	case "NaN", "Inf", "+Inf", "-Inf":
		return true
	}
	if strings.ContainsFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789.eE+-", r) }) {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
