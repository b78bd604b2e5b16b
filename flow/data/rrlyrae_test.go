package data

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// rrlyraeCSV opens the shared RR Lyrae CSV ($RRLYRAE_CSV, else the shared checkout next to the repo)
// and skips the test when it is absent.
func rrlyraeCSV(tb testing.TB) []byte {
	tb.Helper()
	path := os.Getenv("RRLYRAE_CSV")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "rrlyrae", "rrlyrae_combined.csv")
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		tb.Skipf("RR Lyrae CSV not found at %s (set RRLYRAE_CSV)", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestRRLyraeCSV(t *testing.T) {
	d, err := ParseCSV(bytes.NewReader(rrlyraeCSV(t)), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Counts, names and class means from /work/shared/data/rrlyrae/PROVENANCE.md (means given to 4 decimals).
	if n0, n1 := d.Counts(); n0 != 92658 || n1 != 483 || d.Len() != 93141 {
		t.Fatalf("counts %d + %d = %d, want 92658 + 483 = 93141", n0, n1, d.Len())
	}
	if !slices.Equal(d.Names, []string{"u_g", "g_r", "r_i", "i_z"}) || d.Dim != 4 {
		t.Fatalf("names %v dim %d", d.Names, d.Dim)
	}
	if !slices.Equal(d.Y[92658-3:92658+3], []int{0, 0, 0, 1, 1, 1}) {
		t.Errorf("the 483 RR Lyrae should be the last rows")
	}
	wantMeans := [2][4]float64{
		{0.9441, 0.3251, 0.1235, 0.0677},
		{1.1381, 0.1136, 0.0188, -0.0091},
	}
	for c, want := range wantMeans {
		k := d.Class(c)
		for j := range 4 {
			if got := mean(k.Column(j)); math.Abs(got-want[j]) > 1e-4 {
				t.Errorf("class %d %s mean %.6f, want %.4f ± 1e-4", c, d.Names[j], got, want[j])
			}
		}
	}
	// Every value is the shortest decimal of a float32 (PROVENANCE.md): float64 parsing stays within 5.4e-8 of it.
	for k, v := range d.X {
		if diff := math.Abs(v - float64(float32(v))); diff > 5.4e-8 {
			t.Fatalf("value %d = %v is %g from its float32", k, v, diff)
		}
	}

	var buf bytes.Buffer
	if err := EncodeAsset(&buf, d); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 1_583_456 { // size documented in asset.go and ASSET.md
		t.Errorf("asset is %d bytes, the docs say 1,583,456", buf.Len())
	}
	back, err := DecodeAsset(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Checksum() != d.Checksum() || !slices.Equal(back.Y, d.Y) {
		t.Errorf("asset round trip changed the table")
	}
}
