package main

import (
	"image"
	"image/color"
	"math"
)

// The drawing of assets/favicon.svg, in its viewBox units (0..32):
// a rounded square, a white S-curve (two cubic Béziers), an orange dot.
var (
	blue   = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	white  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	orange = color.NRGBA{0xE6, 0x9F, 0x00, 0xff}
)

const (
	cornerRadius = 7.0
	strokeHalf   = 1.25 // stroke-width 2.5
	dotX, dotY   = 16.0, 10.0
	dotR         = 3.5
)

// curve is "M5 22c5 0 6-12 11-12s6 12 11 12" as two cubic Béziers.
var curve = [][4][2]float64{
	{{5, 22}, {10, 22}, {11, 10}, {16, 10}},
	{{16, 10}, {21, 10}, {22, 22}, {27, 22}},
}

// polyline flattens the curve into short segments.
func polyline() [][2]float64 {
	const steps = 64
	var pts [][2]float64
	for _, c := range curve {
		for i := 0; i <= steps; i++ {
			if i == 0 && len(pts) > 0 {
				continue
			}
			t := float64(i) / steps
			u := 1 - t
			var p [2]float64
			for k := range 2 {
				p[k] = u*u*u*c[0][k] + 3*u*u*t*c[1][k] + 3*u*t*t*c[2][k] + t*t*t*c[3][k]
			}
			pts = append(pts, p)
		}
	}
	return pts
}

// segDist is the distance from (x, y) to the segment a–b.
func segDist(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((x-a[0])*dx + (y-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy)
}

// roundedSquareDist is the signed distance to the 32×32 square with corner
// radius r (negative inside).
func roundedSquareDist(x, y, r float64) float64 {
	qx := math.Abs(x-16) - (16 - r)
	qy := math.Abs(y-16) - (16 - r)
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	return out + math.Min(math.Max(qx, qy), 0) - r
}

// coverage turns a signed distance in pixels (negative inside) into the
// covered fraction of a pixel.
func coverage(d float64) float64 { return math.Max(0, math.Min(1, 0.5-d)) }

// over composites colour c with coverage a over dst.
func over(dst color.NRGBA, c color.NRGBA, a float64) color.NRGBA {
	if a <= 0 {
		return dst
	}
	da := float64(dst.A) / 255
	oa := a + da*(1-a)
	mix := func(s, d uint8) uint8 {
		return uint8(math.Round((float64(s)*a + float64(d)*da*(1-a)) / oa))
	}
	return color.NRGBA{mix(c.R, dst.R), mix(c.G, dst.G), mix(c.B, dst.B), uint8(math.Round(oa * 255))}
}

// Draw renders the icon at size×size pixels. A maskable icon fills the
// whole square with the background and shrinks the drawing to 75%, inside
// the safe zone (a centred circle of 80% of the width) that platforms keep.
func Draw(size int, maskable bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	pts := polyline()
	unit := float64(size) / 32 // pixels per viewBox unit
	scale := 1.0
	if maskable {
		scale = 0.75
	}
	for py := range size {
		for px := range size {
			// The pixel centre in viewBox units; the drawing scaled about the centre.
			x := (float64(px) + 0.5) / unit
			y := (float64(py) + 0.5) / unit
			dx, dy := 16+(x-16)/scale, 16+(y-16)/scale
			perUnit := unit * scale // pixels per drawing unit

			var c color.NRGBA
			if maskable {
				c = blue
			} else {
				c = over(c, blue, coverage(roundedSquareDist(x, y, cornerRadius)*unit))
			}
			d := math.Inf(1)
			if dx > 3 && dx < 29 && dy > 8 && dy < 24 { // near the curve's box
				for i := 1; i < len(pts); i++ {
					d = math.Min(d, segDist(dx, dy, pts[i-1], pts[i]))
				}
			}
			c = over(c, white, coverage((d-strokeHalf)*perUnit)*float64(c.A)/255)
			c = over(c, orange, coverage((math.Hypot(dx-dotX, dy-dotY)-dotR)*perUnit)*float64(c.A)/255)
			img.SetNRGBA(px, py, c)
		}
	}
	return img
}
