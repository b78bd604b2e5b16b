package main

// A minimal FITS reader: just enough to read float32 columns of the binary table in HDU 1,
// as astropy.io.fits does for astroML's RRLyrae.fit (FITS Standard 4.0: 2880-byte blocks,
// 80-character header cards, big-endian data, BINTABLE extensions with TFORMn/TTYPEn).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

const (
	fitsBlock = 2880 // every header and data unit is a whole number of blocks
	fitsCard  = 80   // bytes per header card
)

// fitsHeader maps keywords to their raw values (strings unquoted, comments dropped).
// Only the first occurrence of a keyword is kept.
type fitsHeader map[string]string

// fitsColumn is one binary-table field.
type fitsColumn struct {
	name   string // TTYPEn, trimmed
	code   byte   // TFORMn type letter: L X B I J K A E D C M P Q
	repeat int    // TFORMn repeat count
	offset int    // byte offset within a row
	index  int    // 1-based field number n
}

// fitsTable is the binary table in HDU 1.
type fitsTable struct {
	rows, rowLen int
	cols         []fitsColumn
	header       fitsHeader
	data         []byte // rows*rowLen bytes
}

// fitsWidth is the size in bytes of one element of each TFORM type (X is in bits, see fieldBytes).
var fitsWidth = map[byte]int{'L': 1, 'X': 1, 'B': 1, 'I': 2, 'J': 4, 'K': 8, 'A': 1, 'E': 4, 'D': 8, 'C': 8, 'M': 16, 'P': 8, 'Q': 16}

// readFITSTable parses a FITS file held in b and returns the BINTABLE in HDU 1.
func readFITSTable(b []byte) (*fitsTable, error) {
	primary, off, err := readFITSHeader(b, 0)
	if err != nil {
		return nil, fmt.Errorf("fits: primary header: %w", err)
	}
	if primary["SIMPLE"] != "T" {
		return nil, errors.New("fits: not a FITS file (SIMPLE = T missing)")
	}
	size, err := fitsDataSize(primary)
	if err != nil {
		return nil, fmt.Errorf("fits: primary header: %w", err)
	}
	off += roundBlock(size)
	if off >= len(b) {
		return nil, errors.New("fits: the file has no extension after the primary HDU")
	}
	ext, dataOff, err := readFITSHeader(b, off)
	if err != nil {
		return nil, fmt.Errorf("fits: HDU 1 header: %w", err)
	}
	if x := ext["XTENSION"]; x != "BINTABLE" {
		return nil, fmt.Errorf("fits: HDU 1 is %q, want a BINTABLE", x)
	}
	var rowLen, rows, nfields, bitpix, naxis int
	for _, kv := range []struct {
		key string
		dst *int
	}{{"BITPIX", &bitpix}, {"NAXIS", &naxis}, {"NAXIS1", &rowLen}, {"NAXIS2", &rows}, {"TFIELDS", &nfields}} {
		if *kv.dst, err = ext.int(kv.key); err != nil {
			return nil, fmt.Errorf("fits: HDU 1: %w", err)
		}
	}
	if bitpix != 8 || naxis != 2 || rowLen < 0 || rows < 0 || nfields < 0 || nfields > 999 {
		return nil, fmt.Errorf("fits: HDU 1: BITPIX %d NAXIS %d NAXIS1 %d NAXIS2 %d TFIELDS %d is not a valid binary table", bitpix, naxis, rowLen, rows, nfields)
	}
	t := &fitsTable{rows: rows, rowLen: rowLen, header: ext}
	pos := 0
	for n := 1; n <= nfields; n++ {
		form, ok := ext[fmt.Sprintf("TFORM%d", n)]
		if !ok {
			return nil, fmt.Errorf("fits: HDU 1: TFORM%d missing", n)
		}
		code, repeat, err := parseTFORM(form)
		if err != nil {
			return nil, fmt.Errorf("fits: HDU 1: TFORM%d: %w", n, err)
		}
		t.cols = append(t.cols, fitsColumn{
			name: strings.TrimSpace(ext[fmt.Sprintf("TTYPE%d", n)]), code: code, repeat: repeat,
			offset: pos, index: n,
		})
		pos += fieldBytes(code, repeat)
	}
	if pos != rowLen {
		return nil, fmt.Errorf("fits: HDU 1: the TFORMs add up to %d bytes per row, NAXIS1 says %d", pos, rowLen)
	}
	if rowLen > 0 && rows > (len(b)-dataOff)/rowLen {
		return nil, fmt.Errorf("fits: HDU 1: %d rows of %d bytes do not fit in the %d bytes left", rows, rowLen, len(b)-dataOff)
	}
	t.data = b[dataOff : dataOff+rows*rowLen]
	return t, nil
}

// float32Column returns column name (exact match first, then case-insensitive like astropy),
// which must have TFORM "E" or "1E" and no scaling.
func (t *fitsTable) float32Column(name string) ([]float32, error) {
	c, err := t.column(name)
	if err != nil {
		return nil, err
	}
	if c.code != 'E' || c.repeat != 1 {
		return nil, fmt.Errorf("fits: column %q has TFORM %d%c, want E (float32)", c.name, c.repeat, c.code)
	}
	for key, identity := range map[string]float64{"TSCAL": 1, "TZERO": 0} {
		if s, ok := t.header[fmt.Sprintf("%s%d", key, c.index)]; ok {
			if v, err := strconv.ParseFloat(s, 64); err != nil || v != identity {
				return nil, fmt.Errorf("fits: column %q has %s%d = %s; scaled columns are not supported", c.name, key, c.index, s)
			}
		}
	}
	out := make([]float32, t.rows)
	for i := range out {
		out[i] = math.Float32frombits(binary.BigEndian.Uint32(t.data[i*t.rowLen+c.offset:]))
	}
	return out, nil
}

func (t *fitsTable) column(name string) (*fitsColumn, error) {
	for i := range t.cols {
		if t.cols[i].name == name {
			return &t.cols[i], nil
		}
	}
	for i := range t.cols {
		if strings.EqualFold(t.cols[i].name, name) {
			return &t.cols[i], nil
		}
	}
	return nil, fmt.Errorf("fits: no column %q", name)
}

// readFITSHeader reads the header starting at block offset off and returns it with the offset of
// the first block after it.
func readFITSHeader(b []byte, off int) (fitsHeader, int, error) {
	h := fitsHeader{}
	for pos := off; pos+fitsCard <= len(b); pos += fitsCard {
		card := string(b[pos : pos+fitsCard])
		key := strings.TrimRight(card[:8], " ")
		if key == "END" {
			return h, off + roundBlock(pos+fitsCard-off), nil
		}
		if card[8:10] != "= " || key == "" {
			continue // COMMENT, HISTORY, blank-keyword and continuation cards carry no value we need
		}
		if _, seen := h[key]; !seen {
			h[key] = cardValue(card[10:])
		}
	}
	return nil, 0, errors.New("no END card before the end of the file")
}

// cardValue extracts a card's value: a quoted string (with ” for a quote, trailing blanks
// dropped) or the text before the comment slash, trimmed.
func cardValue(s string) string {
	s = strings.TrimLeft(s, " ")
	if strings.HasPrefix(s, "'") {
		var v strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					v.WriteByte('\'')
					i++
					continue
				}
				break
			}
			v.WriteByte(s[i])
		}
		return strings.TrimRight(v.String(), " ")
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func (h fitsHeader) int(key string) (int, error) {
	s, ok := h[key]
	if !ok {
		return 0, fmt.Errorf("%s missing", key)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s = %q is not an integer", key, s)
	}
	return v, nil
}

// fitsDataSize is the size of an HDU's data: |BITPIX|/8 · GCOUNT · (PCOUNT + NAXIS1·…·NAXISn).
func fitsDataSize(h fitsHeader) (int, error) {
	bitpix, err := h.int("BITPIX")
	if err != nil {
		return 0, err
	}
	naxis, err := h.int("NAXIS")
	if err != nil {
		return 0, err
	}
	if naxis < 0 || naxis > 999 {
		return 0, fmt.Errorf("NAXIS = %d", naxis)
	}
	if naxis == 0 {
		return 0, nil
	}
	n := 1
	for i := 1; i <= naxis; i++ {
		v, err := h.int(fmt.Sprintf("NAXIS%d", i))
		if err != nil {
			return 0, err
		}
		if v < 0 || (v > 0 && n > math.MaxInt32/v) {
			return 0, fmt.Errorf("NAXIS%d = %d is out of range", i, v)
		}
		n *= v
	}
	pcount, gcount := 0, 1
	if _, ok := h["PCOUNT"]; ok {
		if pcount, err = h.int("PCOUNT"); err != nil {
			return 0, err
		}
	}
	if _, ok := h["GCOUNT"]; ok {
		if gcount, err = h.int("GCOUNT"); err != nil {
			return 0, err
		}
	}
	size := int64(abs(bitpix)/8) * int64(gcount) * int64(pcount+n)
	if size < 0 || size > math.MaxInt32 {
		return 0, fmt.Errorf("data size %d is out of range", size)
	}
	return int(size), nil
}

// parseTFORM splits a TFORM value like "E", "2A" or "1PE(100)" into its type letter and repeat count.
func parseTFORM(s string) (code byte, repeat int, err error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	repeat = 1
	if i > 0 {
		if repeat, err = strconv.Atoi(s[:i]); err != nil || repeat > 1<<20 {
			return 0, 0, fmt.Errorf("bad repeat count in %q", s)
		}
	}
	if i >= len(s) {
		return 0, 0, fmt.Errorf("no type letter in %q", s)
	}
	code = s[i]
	if _, ok := fitsWidth[code]; !ok {
		return 0, 0, fmt.Errorf("unknown type %q in %q", code, s)
	}
	return code, repeat, nil
}

// fieldBytes is the size in a row of a field of repeat elements of type code.
func fieldBytes(code byte, repeat int) int {
	if code == 'X' {
		return (repeat + 7) / 8
	}
	return repeat * fitsWidth[code]
}

func roundBlock(n int) int { return (n + fitsBlock - 1) / fitsBlock * fitsBlock }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
