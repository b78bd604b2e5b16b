package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is the shared RR Lyrae directory, relative to this package.
var sharedDir = filepath.Join("..", "..", "..", "shared", "data", "rrlyrae")

// sharedFile returns the path of a shared data file, skipping the test if it is absent.
// $RRLYRAE_CSV overrides the CSV's location.
func sharedFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedDir, name)
	if env := os.Getenv(envCSV); env != "" && name == "rrlyrae_combined.csv" {
		p = env
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data file %s not found", p)
	}
	return p
}

// testCol is one column of a synthetic FITS binary table.
type testCol struct {
	name, form string
	cell       func(row int) []byte // big-endian bytes of the cell
}

func be32f(v float32) []byte { return binary.BigEndian.AppendUint32(nil, math.Float32bits(v)) }

// card formats one 80-byte FITS header card.
func card(key, value string) string {
	s := fmt.Sprintf("%-8s= %20s", key, value)
	return fmt.Sprintf("%-80s", s)
}

func quoted(s string) string { return fmt.Sprintf("'%-8s'", strings.ReplaceAll(s, "'", "''")) }

// padBlock pads b to whole 2880-byte blocks with fill.
func padBlock(b []byte, fill byte) []byte {
	for len(b)%fitsBlock != 0 {
		b = append(b, fill)
	}
	return b
}

// buildFITS writes a FITS file: an empty primary HDU and a BINTABLE in HDU 1. Extra header
// cards (already formatted) go before END.
func buildFITS(rows int, cols []testCol, extra ...string) []byte {
	var primary strings.Builder
	primary.WriteString(card("SIMPLE", "T"))
	primary.WriteString(card("BITPIX", "8"))
	primary.WriteString(card("NAXIS", "0"))
	primary.WriteString(card("EXTEND", "T"))
	primary.WriteString(fmt.Sprintf("%-80s", "COMMENT   a synthetic file for tests"))
	primary.WriteString(fmt.Sprintf("%-80s", "END"))
	out := padBlock([]byte(primary.String()), ' ')

	var body []byte
	for i := range rows {
		for _, c := range cols {
			body = append(body, c.cell(i)...)
		}
	}
	rowLen := 0
	if rows > 0 {
		rowLen = len(body) / rows
	}
	var h strings.Builder
	h.WriteString(card("XTENSION", quoted("BINTABLE")))
	h.WriteString(card("BITPIX", "8"))
	h.WriteString(card("NAXIS", "2"))
	h.WriteString(card("NAXIS1", fmt.Sprint(rowLen)))
	h.WriteString(card("NAXIS2", fmt.Sprint(rows)))
	h.WriteString(card("PCOUNT", "0"))
	h.WriteString(card("GCOUNT", "1"))
	h.WriteString(card("TFIELDS", fmt.Sprint(len(cols))))
	for n, c := range cols {
		h.WriteString(card(fmt.Sprintf("TFORM%d", n+1), quoted(c.form)+" / a comment"))
		h.WriteString(card(fmt.Sprintf("TTYPE%d", n+1), quoted(c.name)))
	}
	for _, e := range extra {
		h.WriteString(e)
	}
	h.WriteString(fmt.Sprintf("%-80s", "END"))
	out = append(out, padBlock([]byte(h.String()), ' ')...)
	return append(out, padBlock(body, 0)...)
}

// gzipLines gzips text lines joined with \n.
func gzipLines(t testing.TB, lines ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// catalogLine makes a 37-field catalogue line with the given mean magnitudes (u, g, r, i, z);
// the other fields hold plausible filler.
func catalogLine(mmu [5]string) string {
	f := []string{"CALIBSTARS", "0.123456", "-1.0000", "0.02", "0.03", "12", "0.10"}
	for b := range 5 {
		f = append(f, "10", "20.000", mmu[b], "0.01", "0.02", "1.1")
	}
	return strings.Join(f, " ")
}
