package data

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// The bundled CSV (93,141 rows) must parse in well under a second natively.
func BenchmarkParseCSVRRLyrae(b *testing.B) {
	raw := rrlyraeCSV(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCSV(bytes.NewReader(raw), CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeAssetRRLyrae(b *testing.B) {
	d, err := ParseCSV(bytes.NewReader(rrlyraeCSV(b)), CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := EncodeAsset(&buf, d); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeAsset(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitRRLyrae(b *testing.B) {
	d, err := ParseCSV(bytes.NewReader(rrlyraeCSV(b)), CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for b.Loop() {
		Split(d, PaperSplit, rng)
	}
}
