// Command compress writes brotli twins of a built site's files: X.br
// (quality 11) beside each named file X, for static servers that send them
// with Content-Encoding: br (cmd/serve does; see its doc). build.sh writes
// the gzip twins with gzip -9, which compresses better than Go's gzip.
//
// A twin gets its original's modification time, so a twin whose time differs
// from its original's is stale and redone; an up-to-date twin is left alone.
// Brotli at quality 11 takes tens of seconds on app.wasm, so twins are also
// kept in -cache by the SHA-256 of what they compress: a fresh build of
// unchanged code copies them. Files of at most -min bytes get no twin, and a
// twin that would not be smaller is not kept.
//
// Usage:
//
//	go run ./cmd/compress -dir dist -cache .cache/brotli app.wasm assets/style.css ...
//
// It prints nothing on success; the names are relative to -dir.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("dir", "dist", "directory the file names are relative to")
	cache := flag.String("cache", "", "directory for twins kept by content hash (none if empty)")
	minSize := flag.Int64("min", 1024, "files of at most this many bytes get no twin")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: compress [-dir DIR] [-cache DIR] [-min BYTES] FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	c := compressor{dir: *dir, cache: *cache, minSize: *minSize}
	if err := c.all(flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "compress:", err)
		os.Exit(1)
	}
}
