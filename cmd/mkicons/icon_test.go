package main

import (
	"image/color"
	"testing"
)

// TestDraw checks the colours at known points of the drawing, for every size.
func TestDraw(t *testing.T) {
	for _, ic := range icons {
		img := Draw(ic.size, ic.maskable)
		if b := img.Bounds(); b.Dx() != ic.size || b.Dy() != ic.size {
			t.Fatalf("%s: %v, want %d×%d", ic.name, b, ic.size, ic.size)
		}
		scale := 1.0
		if ic.maskable {
			scale = 0.75
		}
		at := func(x, y float64) color.NRGBA { // drawing units, scaled as Draw does
			x, y = 16+(x-16)*scale, 16+(y-16)*scale
			return img.NRGBAAt(int(x*float64(ic.size)/32), int(y*float64(ic.size)/32))
		}
		tests := []struct {
			what string
			x, y float64
			want color.NRGBA
		}{
			{"the dot's centre", 16, 10, orange},
			{"the background inside", 16, 28, blue},
			{"the first Bézier at t = ½", 10.5, 16, white},
		}
		if ic.maskable {
			tests = append(tests, struct {
				what string
				x, y float64
				want color.NRGBA
			}{"a corner (full bleed)", -5, -5, blue})
		} else {
			tests = append(tests, struct {
				what string
				x, y float64
				want color.NRGBA
			}{"a corner (transparent)", 0.1, 0.1, color.NRGBA{}})
		}
		for _, tc := range tests {
			if got := at(tc.x, tc.y); got != tc.want {
				t.Errorf("%s: %s = %v, want %v", ic.name, tc.what, got, tc.want)
			}
		}
	}
}
