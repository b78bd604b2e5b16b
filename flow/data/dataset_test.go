package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"testing"
)

// smallTable is a 4-row, 2-feature table used by several tests.
func smallTable() *Dataset {
	return &Dataset{
		Names: []string{"a", "b"},
		Dim:   2,
		X:     []float64{1, 2, 3, 4, 5, 6, 7, 8},
		Y:     []int{0, 1, 0, 1},
	}
}

func TestDatasetAccessors(t *testing.T) {
	d := smallTable()
	if d.Len() != 4 {
		t.Fatalf("Len = %d, want 4", d.Len())
	}
	if n0, n1 := d.Counts(); n0 != 2 || n1 != 2 {
		t.Errorf("Counts = %d, %d, want 2, 2", n0, n1)
	}
	r := d.Row(2)
	if !slices.Equal(r, []float64{5, 6}) || cap(r) != 2 {
		t.Errorf("Row(2) = %v cap %d, want [5 6] cap 2", r, cap(r))
	}
	r[0] = 50 // Row is a view into X
	if d.X[4] != 50 {
		t.Errorf("Row did not alias X: X[4] = %v", d.X[4])
	}
	if col := d.Column(1); !slices.Equal(col, []float64{2, 4, 6, 8}) {
		t.Errorf("Column(1) = %v", col)
	}
	col := d.Column(0)
	col[0] = -1
	if d.X[0] != 1 {
		t.Errorf("Column aliased X")
	}
}

func TestDatasetClassAndSubset(t *testing.T) {
	d := smallTable()
	tests := []struct {
		name  string
		got   *Dataset
		wantX []float64
		wantY []int
	}{
		{"Class(0)", d.Class(0), []float64{1, 2, 5, 6}, []int{0, 0}},
		{"Class(1)", d.Class(1), []float64{3, 4, 7, 8}, []int{1, 1}},
		{"Class(2)", d.Class(2), []float64{}, []int{}},
		{"Subset(3,0,3)", d.Subset([]int{3, 0, 3}), []float64{7, 8, 1, 2, 7, 8}, []int{1, 0, 1}},
	}
	for _, tc := range tests {
		if tc.got.Dim != 2 || !slices.Equal(tc.got.Names, d.Names) {
			t.Errorf("%s: Dim %d Names %v", tc.name, tc.got.Dim, tc.got.Names)
		}
		if !slices.Equal(tc.got.X, tc.wantX) || !slices.Equal(tc.got.Y, tc.wantY) {
			t.Errorf("%s: X %v Y %v, want %v %v", tc.name, tc.got.X, tc.got.Y, tc.wantX, tc.wantY)
		}
	}
	c := d.Class(0)
	c.X[0], c.Names[0] = 99, "z"
	if d.X[0] != 1 || d.Names[0] != "a" {
		t.Errorf("Class shares storage with its source")
	}
}

func TestDatasetPanics(t *testing.T) {
	d := smallTable()
	for name, f := range map[string]func(){
		"Row(-1)":       func() { d.Row(-1) },
		"Row(4)":        func() { d.Row(4) },
		"Column(2)":     func() { d.Column(2) },
		"Subset([]{9})": func() { d.Subset([]int{9}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

// TestChecksumDefinition rebuilds the hashed bytes from the definition in Checksum's doc comment.
func TestChecksumDefinition(t *testing.T) {
	d := &Dataset{Names: []string{"u_g", "gr"}, Dim: 2, X: []float64{0.1, -2, 3.5, 1e-3}, Y: []int{1, 0}}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(2))
	for _, n := range d.Names {
		binary.Write(&b, binary.LittleEndian, uint32(len(n)))
		b.WriteString(n)
	}
	for _, v := range d.X {
		binary.Write(&b, binary.LittleEndian, float32(v))
	}
	b.Write([]byte{1, 0})
	sum := sha256.Sum256(b.Bytes())
	if got, want := d.Checksum(), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("Checksum = %s, want %s", got, want)
	}
}

func TestChecksumSensitivity(t *testing.T) {
	base := smallTable().Checksum()
	tests := []struct {
		name   string
		change func(d *Dataset)
		same   bool
	}{
		{"nothing", func(d *Dataset) {}, true},
		{"below float32 precision", func(d *Dataset) { d.X[0] = math.Nextafter(d.X[0], 2) }, true},
		{"value", func(d *Dataset) { d.X[0] = float64(math.Nextafter32(1, 2)) }, false},
		{"label", func(d *Dataset) { d.Y[3] = 0 }, false},
		{"name", func(d *Dataset) { d.Names[1] = "c" }, false},
		{"swap rows", func(d *Dataset) { d.X = []float64{3, 4, 1, 2, 5, 6, 7, 8}; d.Y = []int{1, 0, 0, 1} }, false},
		{"reshape", func(d *Dataset) { d.Dim, d.Names = 4, []string{"a", "b", "c", "d"}; d.Y = d.Y[:2] }, false},
	}
	for _, tc := range tests {
		d := smallTable()
		tc.change(d)
		if got := d.Checksum(); (got == base) != tc.same {
			t.Errorf("%s: checksum equal to base = %v, want %v", tc.name, got == base, tc.same)
		}
	}
}
