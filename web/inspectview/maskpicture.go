package inspectview

import (
	"encoding/base64"
	"encoding/binary"
)

// maskPicture draws a 0/1 out×in mask as an image data: URI, a few pixels per
// cell for small masks and about 200 pixels across at most for large ones;
// it also returns the CSS size to show it at. The image is a two-colour BMP
// (kept connections blue on the page's paper colour): the browser shows it
// as it is, so the page needs no image encoder (image/png and its deflate
// were a quarter of a megabyte of app.wasm for these pictures).
func maskPicture(mask []int, out, in int) (uri string, w, h int) {
	scale := 1.0
	if side := max(out, in); side <= 40 {
		scale = 3
	} else if side > 200 {
		scale = 200 / float64(side)
	}
	w, h = max(1, int(float64(in)*scale)), max(1, int(float64(out)*scale))
	bmp := newBitmap1(w, h, [2][3]byte{{0xf3, 0xf1, 0xea}, {0x00, 0x72, 0xb2}})
	for y := range h {
		r := min(out-1, int(float64(y)/scale))
		for x := range w {
			if c := min(in-1, int(float64(x)/scale)); mask[r*in+c] != 0 {
				bmp.set(x, y)
			}
		}
	}
	return "data:image/bmp;base64," + base64.StdEncoding.EncodeToString(bmp.b), w, h
}

// bitmap1 is a 1 bit per pixel Windows bitmap (BITMAPINFOHEADER, two-colour
// palette) being drawn: rows stored bottom-up, each padded to 4 bytes.
type bitmap1 struct {
	b      []byte
	w, h   int
	stride int
}

// bmpHeaderLen is the file header (14), info header (40) and palette (2×4).
const bmpHeaderLen = 14 + 40 + 8

// newBitmap1 returns a w×h bitmap filled with colour 0 of palette (RGB).
func newBitmap1(w, h int, palette [2][3]byte) *bitmap1 {
	stride := (w + 31) / 32 * 4
	b := make([]byte, bmpHeaderLen+stride*h)
	le := binary.LittleEndian
	copy(b, "BM")
	le.PutUint32(b[2:], uint32(len(b)))
	le.PutUint32(b[10:], bmpHeaderLen)
	le.PutUint32(b[14:], 40)
	le.PutUint32(b[18:], uint32(w))
	le.PutUint32(b[22:], uint32(h))
	le.PutUint16(b[26:], 1) // planes
	le.PutUint16(b[28:], 1) // bits per pixel
	le.PutUint32(b[34:], uint32(stride*h))
	le.PutUint32(b[46:], 2) // colours in the palette
	for i, c := range palette {
		b[54+4*i], b[55+4*i], b[56+4*i] = c[2], c[1], c[0] // stored BGR0
	}
	return &bitmap1{b: b, w: w, h: h, stride: stride}
}

// set paints pixel (x, y), y counted from the top, in colour 1.
func (m *bitmap1) set(x, y int) {
	m.b[bmpHeaderLen+(m.h-1-y)*m.stride+x/8] |= 0x80 >> (x % 8)
}
