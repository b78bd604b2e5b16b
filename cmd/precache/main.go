// Command precache writes the service worker of a built site: it lists every
// file of the site with its SHA-256 and derives the site's version from that
// list, then writes the template with the list filled in. The service worker
// (sw.js in the repository root, see its comments) precaches exactly those
// files under that version, so any change of any file is a new version, and
// an unchanged site keeps its version however often it is rebuilt.
//
// The listed files are the named ones (every regular file below -dir when
// none are named), except the pre-compressed twins (*.gz, *.br; the browser
// receives the decoded body), the service worker itself, and dotfiles
// (build leftovers).
//
// Usage:
//
//	go run ./cmd/precache -dir dist -template sw.js -o dist/sw.js [FILE...]
//
// The template must contain the line `const PRECACHE = null;`, which becomes
// `const PRECACHE = {"version":"…","files":{"index.html":"<sha256>",…}};`.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("dir", "dist", "the built site")
	template := flag.String("template", "sw.js", "the service worker's source")
	out := flag.String("o", "", "where to write the service worker (default DIR/sw.js)")
	flag.Parse()
	if *out == "" {
		*out = *dir + "/sw.js"
	}
	if err := run(*dir, *template, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "precache:", err)
		os.Exit(1)
	}
}

func run(dir, template, out string, names []string) error {
	m, err := Scan(os.DirFS(dir), names...)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(template)
	if err != nil {
		return err
	}
	sw, err := Fill(src, m)
	if err != nil {
		return fmt.Errorf("%s: %w", template, err)
	}
	if err := os.WriteFile(out, sw, 0o644); err != nil {
		return err
	}
	fmt.Printf("precache: %d files, version %s\n", len(m.Files), m.Version)
	return nil
}
