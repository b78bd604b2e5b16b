package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
)

// Dataset is a labelled table: N rows of Dim features, row-major in X, and a 0/1 class label per row in Y.
//
// Invariants (kept by every constructor in this package): len(Names) == Dim, len(X) == len(Y)*Dim,
// every Y[i] is 0 or 1. Methods panic if they are broken or if an index is out of range.
type Dataset struct {
	// Names are the feature (column) names, len Dim.
	Names []string
	// Dim is the number of features per row.
	Dim int
	// X holds the features, row i at X[i*Dim:(i+1)*Dim].
	X []float64
	// Y holds the class label of each row: 0 (background) or 1 (signal).
	Y []int
}

// Len returns the number of rows, len(d.Y).
func (d *Dataset) Len() int { return len(d.Y) }

// Row returns row i as a slice of X of length and capacity Dim (no copy: writes change d).
// It panics if i is out of range.
func (d *Dataset) Row(i int) []float64 {
	if i < 0 || i >= len(d.Y) {
		panic("data: Row index out of range")
	}
	lo, hi := i*d.Dim, (i+1)*d.Dim
	return d.X[lo:hi:hi]
}

// Class returns a copy of the rows with label c, in their original order.
// The result has no rows (but the same Names and Dim) if no row has label c.
func (d *Dataset) Class(c int) *Dataset {
	n := 0
	for _, y := range d.Y {
		if y == c {
			n++
		}
	}
	idx := make([]int, 0, n)
	for i, y := range d.Y {
		if y == c {
			idx = append(idx, i)
		}
	}
	return d.Subset(idx)
}

// Counts returns the number of rows with label 0 and with label 1.
func (d *Dataset) Counts() (n0, n1 int) {
	for _, y := range d.Y {
		if y == 0 {
			n0++
		} else if y == 1 {
			n1++
		}
	}
	return n0, n1
}

// Subset returns a copy of the rows idx, in the order given (an index may repeat).
// Names are copied too. It panics if an index is out of range.
func (d *Dataset) Subset(idx []int) *Dataset {
	out := &Dataset{
		Names: append([]string(nil), d.Names...),
		Dim:   d.Dim,
		X:     make([]float64, len(idx)*d.Dim),
		Y:     make([]int, len(idx)),
	}
	for k, i := range idx {
		copy(out.X[k*d.Dim:], d.Row(i))
		out.Y[k] = d.Y[i]
	}
	return out
}

// Column returns a copy of feature j for every row (length Len()). It panics if j is not in [0, Dim).
func (d *Dataset) Column(j int) []float64 {
	if j < 0 || j >= d.Dim {
		panic("data: Column index out of range")
	}
	col := make([]float64, len(d.Y))
	for i := range col {
		col[i] = d.X[i*d.Dim+j]
	}
	return col
}

// Checksum returns the lowercase hex sha256 of the table's content, defined as the hash of, in order:
//
//	uint32 Dim (little-endian)
//	for each name in Names: uint32 byte length (little-endian), then the UTF-8 bytes
//	for each value of X, row-major: the IEEE-754 bits of float32(value), little-endian (4 bytes)
//	for each label of Y: one byte, the label's value (0 or 1)
//
// Values are hashed at float32 precision, the precision of the RR Lyrae data and of the binary asset,
// so a table parsed from CSV (float64) and the same table decoded from an asset have the same checksum.
// The definition is stable: cmd/mkasset pins the RR Lyrae checksum in its source.
func (d *Dataset) Checksum() string {
	h := sha256.New()
	buf := make([]byte, 0, 64*1024)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(d.Dim))
	for _, name := range d.Names {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(name)))
		buf = append(buf, name...)
	}
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	for _, v := range d.X {
		if len(buf)+4 > cap(buf) {
			flush()
		}
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(float32(v)))
	}
	for _, y := range d.Y {
		if len(buf)+1 > cap(buf) {
			flush()
		}
		buf = append(buf, byte(y))
	}
	flush()
	return hex.EncodeToString(h.Sum(nil))
}
