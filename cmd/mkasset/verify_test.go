package main

import (
	"strings"
	"testing"
)

func TestVerifyRRLyrae(t *testing.T) {
	d, err := loadCSVFile(sharedFile(t, "rrlyrae_combined.csv"), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyRRLyrae(d); err != nil {
		t.Fatalf("the shared CSV fails verification:\n%v", err)
	}
	tests := []struct {
		name   string
		change func()
		undo   func()
		want   []string
	}{
		{"one value", func() { d.X[100] += 1e-3 }, func() { d.X[100] -= 1e-3 }, []string{"checksum"}},
		{"one label", func() { d.Y[0] = 1 }, func() { d.Y[0] = 0 }, []string{"classes: 92657 label 0 + 484 label 1", "checksum"}},
		{"a name", func() { d.Names[3] = "i-z" }, func() { d.Names[3] = "i_z" }, []string{"features", "checksum"}},
		{"a row fewer", func() { d.X, d.Y = d.X[:len(d.X)-4], d.Y[:len(d.Y)-1] },
			func() { d.X, d.Y = d.X[:len(d.X)+4], d.Y[:len(d.Y)+1] }, []string{"rows: 93140", "classes", "checksum"}},
	}
	for _, tc := range tests {
		tc.change()
		err := verifyRRLyrae(d)
		tc.undo()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error does not mention %q:\n%v", tc.name, w, err)
			}
		}
	}
	if err := verifyRRLyrae(d); err != nil {
		t.Fatalf("undo failed: %v", err)
	}
}
