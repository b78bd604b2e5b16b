package data

// The binary data asset (see also ASSET.md, which must stay in step with this comment).
//
// All integers are little-endian. In order:
//
//	offset  size          field
//	0       8             magic "FLDATA1\n" (46 4C 44 41 54 41 31 0A)
//	8       4             uint32 version, 2
//	12      4             uint32 rows
//	16      4             uint32 dim (number of features)
//	20      4             uint32 labelled, 1 (a label byte per row follows the values)
//	24      …             dim feature names, each uint16 byte length + UTF-8 bytes (non-empty, unique)
//	…       …             the label column name, the same way ("label")
//	…       rows*dim*4    float32 values (IEEE-754), row-major: row 0's dim values, then row 1's, …
//	…       rows          uint8 labels, 0 or 1
//	…       8             uint64 CRC-64 (ECMA polynomial, hash/crc64) of every preceding byte
//
// Values are stored as float32: a decoded value is exactly float64(float32(v)) of the encoded v.
// For the RR Lyrae table (93,141 rows, dim 4) the asset is 1,583,456 bytes. Version 1 ended in a
// sha256 (32 bytes); the CRC finds the same accidental damage at a tenth of the cost, which the
// page pays at every start (under wasm, SHA-256 of 1.6 MB took ~90 ms before the JIT warmed up).

import (
	"encoding/binary"
	"fmt"
	"hash/crc64"
	"io"
	"math"
	"unicode/utf8"
)

// AssetMagic is the first 8 bytes of every data asset.
const AssetMagic = "FLDATA1\n"

// AssetVersion is the asset format version EncodeAsset writes and DecodeAsset reads.
const AssetVersion = 2

// assetSumLen is the size of the trailing CRC-64.
const assetSumLen = 8

// assetTable is the CRC-64 table of the trailer (ECMA-182 polynomial).
var assetTable = crc64.MakeTable(crc64.ECMA)

// assetHeaderLen is the size of the fixed part before the names: magic + 4 uint32.
const assetHeaderLen = 8 + 4*4

// EncodeAsset writes d to w in the binary asset format (version 2, label column "label").
// It fails, writing nothing, if d breaks its invariants, has no features, a name that is empty,
// not UTF-8, repeated or longer than 65,535 bytes, more than 2³²-1 rows, a label other than 0/1,
// or a value that is not finite as a float32 (the last three wrap ErrAssetName, ErrBadLabel and
// ErrNotFinite).
func EncodeAsset(w io.Writer, d *Dataset) error {
	rows := len(d.Y)
	switch {
	case d.Dim < 1:
		return fmt.Errorf("data: EncodeAsset: dim %d, need at least 1", d.Dim)
	case len(d.Names) != d.Dim:
		return fmt.Errorf("data: EncodeAsset: %d names for dim %d", len(d.Names), d.Dim)
	case len(d.X) != rows*d.Dim:
		return fmt.Errorf("data: EncodeAsset: %d values for %d rows of dim %d", len(d.X), rows, d.Dim)
	case uint64(rows) > math.MaxUint32:
		return fmt.Errorf("data: EncodeAsset: %d rows, at most %d fit", rows, uint64(math.MaxUint32))
	}
	names := append(append([]string(nil), d.Names...), DefaultLabel)
	if err := checkNames(names); err != nil {
		return &encodeError{err}
	}
	size := assetHeaderLen + rows*d.Dim*4 + rows + assetSumLen
	for _, name := range names {
		size += 2 + len(name)
	}
	b := make([]byte, 0, size)
	b = append(b, AssetMagic...)
	b = binary.LittleEndian.AppendUint32(b, AssetVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(rows))
	b = binary.LittleEndian.AppendUint32(b, uint32(d.Dim))
	b = binary.LittleEndian.AppendUint32(b, 1)
	for _, name := range names {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(name)))
		b = append(b, name...)
	}
	for k, v := range d.X {
		f := float32(v)
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return &encodeError{fmt.Errorf("%w: row %d, column %q: %v", ErrNotFinite, k/d.Dim, d.Names[k%d.Dim], v)}
		}
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	for i, y := range d.Y {
		if y != 0 && y != 1 {
			return &encodeError{fmt.Errorf("%w: row %d: %d", ErrBadLabel, i, y)}
		}
		b = append(b, byte(y))
	}
	b = binary.LittleEndian.AppendUint64(b, crc64.Checksum(b, assetTable))
	_, err := w.Write(b)
	return err
}

// DecodeAsset reads a data asset written by EncodeAsset. It checks, in order: the magic, the version
// and labelled flag, that the sizes in the header match len(b) exactly, the trailing CRC-64, the names
// (non-empty, UTF-8, unique), that every value is a finite float32 and every label 0 or 1.
// Any failure is an *AssetError wrapping ErrAssetMagic, ErrAssetVersion, ErrAssetSize,
// ErrAssetChecksum, ErrAssetName, ErrNotFinite or ErrBadLabel. The label column's name is checked
// but not kept (a Dataset has no field for it). b is not retained.
func DecodeAsset(b []byte) (*Dataset, error) {
	fail := func(off int, sentinel error, format string, args ...any) error {
		return &AssetError{Offset: off, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
	}
	if len(b) < len(AssetMagic) || string(b[:len(AssetMagic)]) != AssetMagic {
		return nil, fail(0, ErrAssetMagic, "the file does not start with %q", AssetMagic)
	}
	if len(b) < assetHeaderLen {
		return nil, fail(len(b), ErrAssetSize, "%d bytes, shorter than the %d-byte header", len(b), assetHeaderLen)
	}
	le := binary.LittleEndian
	version := le.Uint32(b[8:])
	rows := uint64(le.Uint32(b[12:]))
	dim := uint64(le.Uint32(b[16:]))
	labelled := le.Uint32(b[20:])
	if version != AssetVersion {
		return nil, fail(8, ErrAssetVersion, "version %d, this reader knows version %d", version, AssetVersion)
	}
	if labelled != 1 {
		return nil, fail(20, ErrAssetVersion, "labelled flag %d, version %d assets always have labels (1)", labelled, AssetVersion)
	}
	if dim == 0 {
		return nil, fail(16, ErrAssetSize, "dim is 0")
	}
	if dim > uint64(len(b)) {
		return nil, fail(16, ErrAssetSize, "dim %d cannot fit in %d bytes", dim, len(b))
	}
	off := assetHeaderLen
	names := make([]string, 0, dim+1)
	for k := uint64(0); k <= dim; k++ {
		if off+2 > len(b) {
			return nil, fail(off, ErrAssetSize, "the file ends inside the column names")
		}
		n := int(le.Uint16(b[off:]))
		if off+2+n > len(b) {
			return nil, fail(off, ErrAssetSize, "the file ends inside the column names")
		}
		names = append(names, string(b[off+2:off+2+n]))
		off += 2 + n
	}
	// Sizes in uint64; rows is bounded by len(b) first so the product cannot overflow.
	perRow := dim*4 + 1
	if rows > uint64(len(b))/perRow {
		return nil, fail(12, ErrAssetSize, "the header says %d rows of dim %d, more than %d bytes can hold", rows, dim, len(b))
	}
	want := uint64(off) + rows*perRow + assetSumLen
	if want != uint64(len(b)) {
		return nil, fail(12, ErrAssetSize, "the header (%d rows, dim %d) needs %d bytes, the file has %d", rows, dim, want, len(b))
	}
	body := len(b) - assetSumLen
	if stored, sum := le.Uint64(b[body:]), crc64.Checksum(b[:body], assetTable); stored != sum {
		return nil, fail(body, ErrAssetChecksum, "stored CRC-64 %016x, computed %016x; the file is damaged", stored, sum)
	}
	if err := checkNames(names); err != nil {
		return nil, &AssetError{Offset: assetHeaderLen, Err: err}
	}
	d := &Dataset{Names: names[:dim:dim], Dim: int(dim), X: make([]float64, rows*dim), Y: make([]int, rows)}
	for k := range d.X {
		f := math.Float32frombits(le.Uint32(b[off:]))
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nil, fail(off, ErrNotFinite, "row %d, column %q: %v", k/d.Dim, d.Names[k%d.Dim], f)
		}
		d.X[k] = float64(f)
		off += 4
	}
	for i := range d.Y {
		y := b[off]
		if y > 1 {
			return nil, fail(off, ErrBadLabel, "row %d: %d", i, y)
		}
		d.Y[i] = int(y)
		off++
	}
	return d, nil
}

// encodeError prefixes an EncodeAsset failure and keeps its sentinel visible to errors.Is.
type encodeError struct{ err error }

func (e *encodeError) Error() string { return "data: EncodeAsset: " + trimPrefix(e.err) }
func (e *encodeError) Unwrap() error { return e.err }

// checkNames checks asset column names: non-empty, UTF-8, at most 65,535 bytes, unique.
func checkNames(names []string) error {
	seen := make(map[string]bool, len(names))
	for i, name := range names {
		switch {
		case name == "":
			return fmt.Errorf("%w: name %d is empty", ErrAssetName, i+1)
		case !utf8.ValidString(name):
			return fmt.Errorf("%w: name %d is not UTF-8: %q", ErrAssetName, i+1, name)
		case len(name) > math.MaxUint16:
			return fmt.Errorf("%w: name %d is %d bytes, at most %d fit", ErrAssetName, i+1, len(name), math.MaxUint16)
		case seen[name]:
			return fmt.Errorf("%w: %q appears twice", ErrAssetName, name)
		}
		seen[name] = true
	}
	return nil
}
