package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc64"
	"math"
	"slices"
	"testing"
)

func encode(t testing.TB, d *Dataset) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeAsset(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reseal recomputes the trailing CRC-64 after a test edits the body on purpose.
func reseal(b []byte) []byte {
	body := len(b) - 8
	binary.LittleEndian.PutUint64(b[body:], crc64.Checksum(b[:body], crc64.MakeTable(crc64.ECMA)))
	return b
}

func TestAssetRoundTrip(t *testing.T) {
	d := &Dataset{
		Names: []string{"u_g", "g_r", "ψ"},
		Dim:   3,
		X:     []float64{0.1, -0.15, 1e-40, 1.2509995, 3.4e38, -0.0},
		Y:     []int{1, 0},
	}
	b := encode(t, d)
	got, err := DecodeAsset(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Names, d.Names) || got.Dim != d.Dim || !slices.Equal(got.Y, d.Y) {
		t.Fatalf("got names %v dim %d Y %v", got.Names, got.Dim, got.Y)
	}
	for k, v := range d.X {
		if want := float64(float32(v)); math.Float64bits(got.X[k]) != math.Float64bits(want) {
			t.Errorf("X[%d] = %v, want float64(float32(%v)) = %v", k, got.X[k], v, want)
		}
	}
	if got.Checksum() != d.Checksum() {
		t.Errorf("checksum changed in the round trip")
	}
	if again := encode(t, got); !bytes.Equal(again, b) {
		t.Errorf("re-encoding the decoded table gives different bytes")
	}
}

// TestAssetLayout reads the bytes back by the layout documented in asset.go and ASSET.md.
func TestAssetLayout(t *testing.T) {
	d := &Dataset{Names: []string{"a", "bc"}, Dim: 2, X: []float64{1.5, -2, 0.25, 8}, Y: []int{0, 1}}
	b := encode(t, d)
	le := binary.LittleEndian
	want := 8 + 16 + (2 + 1) + (2 + 2) + (2 + 5) + 4*4 + 2 + 8
	if len(b) != want {
		t.Fatalf("%d bytes, want %d", len(b), want)
	}
	if string(b[:8]) != "FLDATA1\n" || le.Uint32(b[8:]) != 2 || le.Uint32(b[12:]) != 2 || le.Uint32(b[16:]) != 2 || le.Uint32(b[20:]) != 1 {
		t.Fatalf("header % x", b[:24])
	}
	if le.Uint16(b[24:]) != 1 || string(b[26:27]) != "a" || le.Uint16(b[27:]) != 2 || string(b[29:31]) != "bc" ||
		le.Uint16(b[31:]) != 5 || string(b[33:38]) != "label" {
		t.Fatalf("names % x", b[24:38])
	}
	for k, v := range d.X {
		if got := math.Float32frombits(le.Uint32(b[38+4*k:])); got != float32(v) {
			t.Errorf("value %d = %v, want %v", k, got, v)
		}
	}
	if b[54] != 0 || b[55] != 1 {
		t.Errorf("labels % x", b[54:56])
	}
	if sum := crc64.Checksum(b[:56], crc64.MakeTable(crc64.ECMA)); len(b) != 64 || le.Uint64(b[56:]) != sum {
		t.Errorf("trailing CRC-64 wrong: % x, want %016x", b[56:], sum)
	}
}

func TestDecodeAssetRejects(t *testing.T) {
	good := encode(t, &Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 2, 3, 4}, Y: []int{0, 1}})
	// Offsets in good: names at 24 ("a" 24-26, "b" 27-29, "label" 30-36), values 37-52, labels 53-54, CRC-64 55-62.
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	le := binary.LittleEndian
	tests := []struct {
		name   string
		in     []byte
		want   error
		offset int
	}{
		{"empty", nil, ErrAssetMagic, 0},
		{"wrong magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), ErrAssetMagic, 0},
		{"header cut", good[:20], ErrAssetSize, 20},
		{"version 1 (sha256 trailer)", edit(func(b []byte) []byte { le.PutUint32(b[8:], 1); return b }), ErrAssetVersion, 8},
		{"unlabelled", edit(func(b []byte) []byte { le.PutUint32(b[20:], 0); return b }), ErrAssetVersion, 20},
		{"dim 0", edit(func(b []byte) []byte { le.PutUint32(b[16:], 0); return b }), ErrAssetSize, 16},
		{"dim huge", edit(func(b []byte) []byte { le.PutUint32(b[16:], math.MaxUint32); return b }), ErrAssetSize, 16},
		{"rows huge", edit(func(b []byte) []byte { le.PutUint32(b[12:], math.MaxUint32); return b }), ErrAssetSize, 12},
		{"rows 3", edit(func(b []byte) []byte { le.PutUint32(b[12:], 3); return b }), ErrAssetSize, 12},
		{"name runs off the end", good[:26], ErrAssetSize, 24},
		{"one byte short", good[:len(good)-1], ErrAssetSize, 12},
		{"one byte extra", append(bytes.Clone(good), 0), ErrAssetSize, 12},
		{"flipped value bit", edit(func(b []byte) []byte { b[40] ^= 1; return b }), ErrAssetChecksum, 55},
		{"flipped CRC bit", edit(func(b []byte) []byte { b[60] ^= 1; return b }), ErrAssetChecksum, 55},
		{"NaN value", edit(func(b []byte) []byte { le.PutUint32(b[41:], math.Float32bits(float32(math.NaN()))); return reseal(b) }), ErrNotFinite, 41},
		{"Inf value", edit(func(b []byte) []byte { le.PutUint32(b[49:], math.Float32bits(float32(math.Inf(-1)))); return reseal(b) }), ErrNotFinite, 49},
		{"label 2", edit(func(b []byte) []byte { b[54] = 2; return reseal(b) }), ErrBadLabel, 54},
		{"duplicate name", edit(func(b []byte) []byte { b[29] = 'a'; return reseal(b) }), ErrAssetName, 24},
		{"non-UTF-8 name", edit(func(b []byte) []byte { b[26] = 0xff; return reseal(b) }), ErrAssetName, 24},
	}
	for _, tc := range tests {
		_, err := DecodeAsset(tc.in)
		var ae *AssetError
		if !errors.Is(err, tc.want) || !errors.As(err, &ae) {
			t.Errorf("%s: error %v, want an *AssetError wrapping %v", tc.name, err, tc.want)
			continue
		}
		if ae.Offset != tc.offset {
			t.Errorf("%s: offset %d, want %d (%v)", tc.name, ae.Offset, tc.offset, err)
		}
	}
}

func TestEncodeAssetRejects(t *testing.T) {
	ok := func() *Dataset {
		return &Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 2, 3, 4}, Y: []int{0, 1}}
	}
	tests := []struct {
		name   string
		change func(d *Dataset)
		want   error // nil: any error
	}{
		{"NaN", func(d *Dataset) { d.X[1] = math.NaN() }, ErrNotFinite},
		{"too big for float32", func(d *Dataset) { d.X[2] = 1e39 }, ErrNotFinite},
		{"label 2", func(d *Dataset) { d.Y[0] = 2 }, ErrBadLabel},
		{"names short", func(d *Dataset) { d.Names = d.Names[:1] }, nil},
		{"values short", func(d *Dataset) { d.X = d.X[:3] }, nil},
		{"dim 0", func(d *Dataset) { d.Dim, d.Names, d.X = 0, nil, nil }, nil},
		{"empty name", func(d *Dataset) { d.Names[0] = "" }, ErrAssetName},
		{"name is label", func(d *Dataset) { d.Names[1] = "label" }, ErrAssetName},
	}
	for _, tc := range tests {
		d := ok()
		tc.change(d)
		var b bytes.Buffer
		err := EncodeAsset(&b, d)
		if err == nil || b.Len() != 0 {
			t.Errorf("%s: err %v, wrote %d bytes; want an error and nothing written", tc.name, err, b.Len())
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
}

// FuzzDecodeAsset checks that DecodeAsset never panics and that whatever it accepts is a valid
// table that survives another encode/decode.
func FuzzDecodeAsset(f *testing.F) {
	good := encode(f, &Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 2, 3, 4}, Y: []int{0, 1}})
	f.Add(good)
	f.Add(good[:30])
	f.Add(encode(f, &Dataset{Names: []string{"x"}, Dim: 1}))
	f.Add([]byte("FLDATA1\n\x01\x00\x00\x00\xff\xff\xff\xff\x04\x00\x00\x00\x01\x00\x00\x00"))
	f.Add([]byte("not an asset"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeAsset(b)
		if err != nil {
			var ae *AssetError
			if !errors.As(err, &ae) {
				t.Fatalf("error %T is not an *AssetError", err)
			}
			return
		}
		if d.Dim < 1 || len(d.Names) != d.Dim || d.Len()*d.Dim != len(d.X) {
			t.Fatalf("dim %d names %d rows %d values %d", d.Dim, len(d.Names), d.Len(), len(d.X))
		}
		for _, v := range d.X {
			if math.IsNaN(v) || math.IsInf(v, 0) || v != float64(float32(v)) {
				t.Fatalf("bad value %v", v)
			}
		}
		for _, y := range d.Y {
			if y != 0 && y != 1 {
				t.Fatalf("bad label %d", y)
			}
		}
		var buf bytes.Buffer
		if err := EncodeAsset(&buf, d); err != nil {
			// Only a feature named "label" (legal when the stored label column had another name) can fail here.
			if !errors.Is(err, ErrAssetName) {
				t.Fatalf("re-encode: %v", err)
			}
			return
		}
		d2, err := DecodeAsset(buf.Bytes())
		if err != nil || d2.Checksum() != d.Checksum() {
			t.Fatalf("second round trip: %v", err)
		}
	})
}
