package main

import (
	"image"
	"image/color"
	"slices"
)

// Paletted returns img as a paletted image, which PNG stores in a byte per
// pixel instead of four, so the icons are about half the size. The drawing
// has four flat colours and their anti-aliased blends: when there are at
// most 256 colours the result is exact; otherwise the 256 most frequent are
// kept and each other pixel (a rare blend on an edge) takes the nearest of
// them in RGBA.
func Paletted(img *image.NRGBA) *image.Paletted {
	count := map[color.NRGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			count[img.NRGBAAt(x, y)]++
		}
	}
	colors := make([]color.NRGBA, 0, len(count))
	for c := range count {
		colors = append(colors, c)
	}
	// Most frequent first; ties in a fixed order, so the file is the same
	// on every build.
	slices.SortFunc(colors, func(p, q color.NRGBA) int {
		if d := count[q] - count[p]; d != 0 {
			return d
		}
		return int(packed(p)) - int(packed(q))
	})
	colors = colors[:min(len(colors), 256)]
	pal := make(color.Palette, len(colors))
	index := make(map[color.NRGBA]uint8, len(colors))
	for i, c := range colors {
		pal[i] = c
		index[c] = uint8(i)
	}
	out := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			i, ok := index[c]
			if !ok {
				i = nearest(colors, c)
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}

// nearest is the index of the colour of pal closest to c (squared distance
// over R, G, B and A).
func nearest(pal []color.NRGBA, c color.NRGBA) uint8 {
	best, bestD := 0, int(^uint(0)>>1)
	for i, p := range pal {
		d := sq(int(p.R)-int(c.R)) + sq(int(p.G)-int(c.G)) + sq(int(p.B)-int(c.B)) + sq(int(p.A)-int(c.A))
		if d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

func sq(x int) int { return x * x }

// packed is c as one number, for a stable order.
func packed(c color.NRGBA) uint32 {
	return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A)
}
