package main

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestMMUField(t *testing.T) {
	// Field layout from PROVENANCE.md: word, RA, DEC, RArms, DECrms, Ntot, A_r, then per band
	// Nobs, mmed, mmu, msig, mrms, mchi2: mmu_u is field 9, then every 6th.
	for band, want := range []int{9, 15, 21, 27, 33} {
		if got := mmuField(band); got != want {
			t.Errorf("mmuField(%d) = %d, want %d", band, got, want)
		}
	}
	if catalogFields != 37 {
		t.Errorf("catalogFields = %d, want 37", catalogFields)
	}
}

func TestReadStandards(t *testing.T) {
	rows := [][5]string{
		{"20.123", "19.001", "18.700", "18.600", "18.550"},
		{"21.5", "20.25", "20", "19.9", "19.8"},
		{"nan", "19", "18", "17", "16"},
	}
	in := gzipLines(t,
		"# a comment line",
		catalogLine(rows[0]),
		"",
		catalogLine(rows[1])+"   # trailing comment",
		"  \t",
		catalogLine(rows[2]),
	)
	got, err := readStandards(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		for b, s := range r {
			v, _ := strconv.ParseFloat(s, 64)
			want := float32(v) // numpy: parse as double, store as f4
			if math.Float32bits(got[i][b]) != math.Float32bits(want) {
				t.Errorf("row %d band %d = %v, want %v", i, b, got[i][b], want)
			}
		}
	}
}

func TestReadStandardsRejects(t *testing.T) {
	good := catalogLine([5]string{"20", "19", "18", "17", "16"})
	tests := []struct {
		name string
		in   []byte
		want string // part of the error message
	}{
		{"not gzip", []byte("CALIBSTARS 1 2 3"), "catalogue"},
		{"short line", gzipLines(t, good, "CALIBSTARS 1 2 3"), "line 2: 4 fields"},
		{"long line", gzipLines(t, good+" 99"), "line 1: 38 fields"},
		{"bad mmu_g", gzipLines(t, good, good, strings.Replace(good, " 19 ", " x19 ", 1)), "line 3, field 15 (mmu_g)"},
		{"empty", gzipLines(t, "# nothing"), "no rows"},
	}
	for _, tc := range tests {
		_, err := readStandards(bytes.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
