package main

import (
	"math"
	"slices"
	"testing"
)

func TestInCutBox(t *testing.T) {
	in := [4]float32{1, 0.1, 0.05, 0.02}
	up := func(v float32) float32 { return math.Nextafter32(v, 10) }
	down := func(v float32) float32 { return math.Nextafter32(v, -10) }
	tests := []struct {
		name string
		k    int
		v    float32
		want bool
	}{
		{"inside", 0, 1, true},
		// The cuts are strict and compared in float32 (numpy compares an f4 array with a Python float in f4).
		{"u-g at 0.7", 0, 0.7, false},
		{"u-g just above 0.7", 0, up(0.7), true},
		{"u-g at 1.35", 0, 1.35, false},
		{"u-g just below 1.35", 0, down(1.35), true},
		{"g-r at -0.15", 1, -0.15, false},
		{"g-r at 0.4", 1, 0.4, false},
		{"r-i just above -0.15", 2, up(-0.15), true},
		{"r-i at 0.22", 2, 0.22, false},
		{"i-z at -0.21", 3, -0.21, false},
		{"i-z just below 0.25", 3, down(0.25), true},
		{"i-z at 0.25", 3, 0.25, false},
		{"NaN", 1, float32(math.NaN()), false},
	}
	for _, tc := range tests {
		c := in
		c[tc.k] = tc.v
		if got := inCutBox(c); got != tc.want {
			t.Errorf("%s: inCutBox(%v) = %v, want %v", tc.name, c, got, tc.want)
		}
	}
}

func TestCombine(t *testing.T) {
	standards := [][5]float32{
		{20, 19, 18.8, 18.7, 18.65}, // colours 1, 0.2, 0.1, 0.05: kept
		{20, 19.5, 19, 19, 19},      // u-g 0.5: cut
		{21, 20, 19.8, 19.7, 19.65}, // kept
		{20, 19, 18.5, 18.4, 18.3},  // g-r 0.5: cut
	}
	rrlyrae := [][5]float32{
		{19, 18, 17.9, 17.85, 17.8}, // inside the box
		{19, 18.5, 18, 18, 18},      // outside (u-g 0.5), but RR Lyrae get no cut
	}
	d := combine(standards, rrlyrae)
	if d.Dim != 4 || !slices.Equal(d.Names, colourNames) {
		t.Fatalf("dim %d names %v", d.Dim, d.Names)
	}
	if !slices.Equal(d.Y, []int{0, 0, 1, 1}) {
		t.Fatalf("labels %v, want [0 0 1 1]", d.Y)
	}
	for i, m := range [][5]float32{standards[0], standards[2], rrlyrae[0], rrlyrae[1]} {
		c := colours(m)
		for k := range c {
			if d.X[4*i+k] != float64(c[k]) {
				t.Errorf("row %d colour %d = %v, want %v", i, k, d.X[4*i+k], c[k])
			}
		}
	}
}
