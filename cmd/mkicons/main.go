// Command mkicons draws Flow Lab's app icons as PNG files, the sizes
// browsers ask for when the page is installed (manifest.webmanifest) or
// pinned: icon-180.png (Apple touch icon), icon-192.png, icon-512.png, and
// icon-maskable-512.png (full-bleed background, the drawing inside the 80%
// safe zone). The drawing is assets/favicon.svg's, redrawn here from the same
// shapes in its 32×32 coordinates (see icon.go), anti-aliased by distance.
//
// Usage:
//
//	go run ./cmd/mkicons -o dist/assets
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
)

// icons are the files written: name, size in pixels, maskable.
var icons = []struct {
	name     string
	size     int
	maskable bool
}{
	{"icon-180.png", 180, false},
	{"icon-192.png", 192, false},
	{"icon-512.png", 512, false},
	{"icon-maskable-512.png", 512, true},
}

func main() {
	out := flag.String("o", ".", "directory to write the PNG files into")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "mkicons:", err)
		os.Exit(1)
	}
	for _, ic := range icons {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, Paletted(Draw(ic.size, ic.maskable))); err != nil {
			fmt.Fprintln(os.Stderr, "mkicons:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*out, ic.name), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mkicons:", err)
			os.Exit(1)
		}
	}
}
