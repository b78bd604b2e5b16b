package main

// Reader for the SDSS Stripe 82 standard-star catalogue, stripe82calibStars_v2.6.dat.gz
// (Ivezić et al. 2007), as astroML's fetch_sdss_S82standards reads it with numpy.loadtxt.

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// catalogFields is the number of whitespace-separated fields per catalogue line: the word
// CALIBSTARS, then RA, DEC, RArms, DECrms, Ntot, A_r, then for each band u, g, r, i, z:
// Nobs, mmed, mmu, msig, mrms, mchi2.
const catalogFields = 1 + 6 + 5*6

// mmuField returns the field index of mmu_<band> (band 0..4 for u, g, r, i, z), the mean magnitude.
func mmuField(band int) int { return 1 + 6 + 6*band + 2 }

// readStandards reads the gzip-compressed catalogue from r and returns each star's mean
// magnitudes (u, g, r, i, z) in file order. Like numpy.loadtxt it skips blank lines and text
// after '#', requires every line to have the same number of fields, and parses f4 fields as a
// float64 that is then rounded to float32. Only the five mmu fields are parsed; values like
// "nan" are kept (the colour cuts reject them).
func readStandards(r io.Reader) ([][5]float32, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out [][5]float32
	fields := make([]string, 0, catalogFields)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		fields = appendFields(fields[:0], text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != catalogFields {
			return nil, fmt.Errorf("catalogue line %d: %d fields, want %d", line, len(fields), catalogFields)
		}
		var m [5]float32
		for band := range m {
			s := fields[mmuField(band)]
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("catalogue line %d, field %d (mmu_%c): %q is not a number", line, mmuField(band), "ugriz"[band], s)
			}
			m[band] = float32(v)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("catalogue: no rows")
	}
	return out, nil
}

// appendFields appends the whitespace-separated fields of s to dst (strings.Fields without the allocation).
func appendFields(dst []string, s string) []string {
	i := 0
	for i < len(s) {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		if i > start {
			dst = append(dst, s[start:i])
		}
	}
	return dst
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }
