package main

import (
	"bufio"
	"encoding/binary"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// synthCols is a table with every kind of column the reader must skip, around two E columns.
func synthCols(umag []float32) []testCol {
	return []testCol{
		{"ID", "J", func(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(i)) }},
		{"Type", "2A", func(i int) []byte { return []byte("ab") }},
		{"Per", "D", func(i int) []byte { return binary.BigEndian.AppendUint64(nil, math.Float64bits(0.5)) }},
		{"flags", "5X", func(i int) []byte { return []byte{0xf8} }},
		{"arr", "3E", func(i int) []byte { return append(append(be32f(1), be32f(2)...), be32f(3)...) }},
		{"umag", "E", func(i int) []byte { return be32f(umag[i]) }},
		{"cnt", "K", func(i int) []byte { return make([]byte, 8) }},
		{"s", "1I", func(i int) []byte { return []byte{0, 7} }},
		{"gmag", "1E", func(i int) []byte { return be32f(-umag[i]) }},
		{"ok", "L", func(i int) []byte { return []byte{'T'} }},
	}
}

func TestReadFITSSynthetic(t *testing.T) {
	umag := []float32{19.123, 17.5, float32(math.NaN())}
	tbl, err := readFITSTable(buildFITS(3, synthCols(umag)))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.rows != 3 || tbl.rowLen != 4+2+8+1+12+4+8+2+4+1 || len(tbl.cols) != 10 {
		t.Fatalf("rows %d rowLen %d cols %d", tbl.rows, tbl.rowLen, len(tbl.cols))
	}
	for _, name := range []string{"umag", "UMAG"} {
		got, err := tbl.float32Column(name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range umag {
			if math.Float32bits(got[i]) != math.Float32bits(umag[i]) {
				t.Errorf("%s[%d] = %v, want %v", name, i, got[i], umag[i])
			}
		}
	}
	if g, err := tbl.float32Column("gmag"); err != nil || g[1] != -17.5 {
		t.Errorf("gmag = %v, %v", g, err)
	}
	for _, bad := range []string{"Per", "arr", "nope"} {
		if _, err := tbl.float32Column(bad); err == nil {
			t.Errorf("float32Column(%q) gave no error", bad)
		}
	}
}

func TestReadFITSRejects(t *testing.T) {
	umag := []float32{1, 2}
	good := buildFITS(2, synthCols(umag))
	scaled, err := readFITSTable(buildFITS(2, synthCols(umag), card("TSCAL6", "2.0")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scaled.float32Column("umag"); err == nil {
		t.Errorf("a scaled column was read without error")
	}
	replace := func(old, new string) []byte {
		return []byte(strings.Replace(string(good), old, new, 1))
	}
	tests := map[string][]byte{
		"empty":             nil,
		"not FITS":          []byte(strings.Repeat("hello ", 1000)),
		"no extension":      good[:fitsBlock],
		"image extension":   replace(card("XTENSION", quoted("BINTABLE")), card("XTENSION", quoted("IMAGE"))),
		"row length":        replace(card("NAXIS1", "46"), card("NAXIS1", "47")),
		"too many rows":     replace(card("NAXIS2", "2"), card("NAXIS2", "2000")),
		"unknown type":      replace(card("TFORM1", quoted("J")+" / a comment"), card("TFORM1", quoted("Z")+" / a comment")),
		"missing TFORM":     replace(card("TFORM2", quoted("2A")+" / a comment"), card("TFORX2", quoted("2A"))),
		"no END in HDU 1":   good[:fitsBlock+fitsCard*10],
		"NAXIS not integer": replace(card("NAXIS2", "2"), card("NAXIS2", "two")),
	}
	for name, b := range tests {
		if _, err := readFITSTable(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCardValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"'BINTABLE'           / Binary Table Extension", "BINTABLE"},
		{"'umag    '", "umag"},
		{"'it''s   ' / quote", "it's"},
		{"                 134 / Number of bytes", "134"},
		{"                   T", "T"},
	}
	for _, tc := range tests {
		if got := cardValue(tc.in); got != tc.want {
			t.Errorf("cardValue(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReadFITSRRLyrae: the shared RRLyrae.fit gives 483 rows whose colours equal, bit for bit,
// the last 483 rows of the shared CSV parsed as float32 (PROVENANCE.md).
func TestReadFITSRRLyrae(t *testing.T) {
	fitPath := sharedFile(t, fitsName)
	csvPath := sharedFile(t, "rrlyrae_combined.csv")
	if sum, err := fileSHA256(fitPath); err != nil || sum != fitsSHA256 {
		t.Fatalf("sha256 of %s = %s, %v; want %s", fitPath, sum, err, fitsSHA256)
	}
	b, err := os.ReadFile(fitPath)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := readFITSTable(b)
	if err != nil {
		t.Fatal(err)
	}
	mags, err := rrlyraeMags(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if len(mags) != wantRRLyrae {
		t.Fatalf("%d rows, want %d", len(mags), wantRRLyrae)
	}
	want := lastCSVRows(t, csvPath, wantRRLyrae)
	for i, m := range mags {
		c := colours(m)
		for k := range c {
			if math.Float32bits(c[k]) != math.Float32bits(want[i][k]) {
				t.Fatalf("RR Lyrae %d %s = %v, CSV has %v", i, colourNames[k], c[k], want[i][k])
			}
		}
	}
}

// lastCSVRows parses the last n rows of the CSV's four colours with ParseFloat(s, 32).
func lastCSVRows(t *testing.T, path string, n int) [][4]float32 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	var out [][4]float32
	for _, line := range lines[len(lines)-n:] {
		fields := strings.Split(line, ",")
		var r [4]float32
		for k := range r {
			v, err := strconv.ParseFloat(fields[k], 32)
			if err != nil {
				t.Fatal(err)
			}
			r[k] = float32(v)
		}
		if fields[4] != "1" {
			t.Fatalf("CSV row %q is not an RR Lyrae", line)
		}
		out = append(out, r)
	}
	return out
}
