package inspectview

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
)

// TestMaskPictureBitmap checks the mask picture against the BMP layout: file
// size, pixel offset, dimensions, 1 bit per pixel, the two palette colours,
// and each pixel's bit (rows bottom-up, most significant bit first, rows
// padded to 4 bytes) equal to the mask cell it shows.
func TestMaskPictureBitmap(t *testing.T) {
	for _, tc := range []struct{ out, in int }{{2, 3}, {5, 4}, {33, 11}, {41, 41}, {300, 7}} {
		mask := make([]int, tc.out*tc.in)
		for i := range mask {
			if (i*7)%3 == 0 {
				mask[i] = 1
			}
		}
		uri, w, h := maskPicture(mask, tc.out, tc.in)
		b64, ok := strings.CutPrefix(uri, "data:image/bmp;base64,")
		if !ok {
			t.Fatalf("%dx%d: URI starts %q", tc.out, tc.in, uri[:min(30, len(uri))])
		}
		b, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		le := binary.LittleEndian
		stride := (w + 31) / 32 * 4
		if string(b[:2]) != "BM" || int(le.Uint32(b[2:])) != len(b) || le.Uint32(b[10:]) != 62 ||
			int(le.Uint32(b[18:])) != w || int(le.Uint32(b[22:])) != h || le.Uint16(b[28:]) != 1 ||
			len(b) != 62+stride*h {
			t.Fatalf("%dx%d: bad header % x (w %d, h %d, %d bytes)", tc.out, tc.in, b[:30], w, h, len(b))
		}
		if got := [2][3]byte{{b[56], b[55], b[54]}, {b[60], b[59], b[58]}}; got != [2][3]byte{{0xf3, 0xf1, 0xea}, {0x00, 0x72, 0xb2}} {
			t.Errorf("palette %v", got)
		}
		scale := 1.0 // pixels per cell, as the picture draws them
		if side := max(tc.out, tc.in); side <= 40 {
			scale = 3
		} else if side > 200 {
			scale = 200 / float64(side)
		}
		for y := range h {
			for x := range w {
				bit := b[62+(h-1-y)*stride+x/8]>>(7-x%8)&1 == 1
				r, c := min(tc.out-1, int(float64(y)/scale)), min(tc.in-1, int(float64(x)/scale))
				if bit != (mask[r*tc.in+c] != 0) {
					t.Fatalf("%dx%d: pixel (%d,%d) is %v, mask cell (%d,%d) is %d", tc.out, tc.in, x, y, bit, r, c, mask[r*tc.in+c])
				}
			}
		}
	}
}
