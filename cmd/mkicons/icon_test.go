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

// TestPaletted checks that every icon's paletted copy is the drawing: exact
// where the drawing has at most 256 colours; otherwise every colour that
// covers more than 0.1% of the icon exact, and each rare edge blend within
// 32 of its own value in every channel.
func TestPaletted(t *testing.T) {
	for _, ic := range icons {
		img := Draw(ic.size, ic.maskable)
		p := Paletted(img)
		count := map[color.NRGBA]int{}
		for y := range ic.size {
			for x := range ic.size {
				count[img.NRGBAAt(x, y)]++
			}
		}
		for y := range ic.size {
			for x := range ic.size {
				want := img.NRGBAAt(x, y)
				got := color.NRGBAModel.Convert(p.At(x, y)).(color.NRGBA)
				worst := 0
				for _, d := range []int{int(got.R) - int(want.R), int(got.G) - int(want.G), int(got.B) - int(want.B), int(got.A) - int(want.A)} {
					worst = max(worst, d, -d)
				}
				exact := len(count) <= 256 || count[want]*1000 > ic.size*ic.size
				if (exact && worst != 0) || worst > 32 {
					t.Fatalf("%s (%d colours): pixel (%d, %d) %v became %v", ic.name, len(count), x, y, want, got)
				}
			}
		}
	}
}
