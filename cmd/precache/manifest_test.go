package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func site() fstest.MapFS {
	return fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html>")},
		"app.wasm":             {Data: []byte("\x00asm")},
		"app.wasm.gz":          {Data: []byte("gz")},
		"app.wasm.br":          {Data: []byte("br")},
		"sw.js":                {Data: []byte("old service worker")},
		".tmp.x":               {Data: []byte("leftover")},
		"assets/style.css":     {Data: []byte("body{}")},
		"assets/.tmp.compress": {Data: []byte("leftover")},
		"data/rrlyrae.bin":     {Data: []byte{1, 2, 3}},
	}
}

func TestScan(t *testing.T) {
	m, err := Scan(site())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range m.Files {
		names = append(names, n)
	}
	want := "app.wasm assets/style.css data/rrlyrae.bin index.html"
	if got := strings.Join(slices.Sorted(slices.Values(names)), " "); got != want {
		t.Errorf("listed %q, want %q", got, want)
	}
	sum := sha256.Sum256([]byte("body{}"))
	if got := m.Files["assets/style.css"]; got != hex.EncodeToString(sum[:]) {
		t.Errorf("hash of assets/style.css = %s, want its SHA-256", got)
	}
	if len(m.Version) != 16 {
		t.Errorf("version %q, want 16 hex digits", m.Version)
	}
}

// TestVersion: the version changes with any listed file's content or name,
// and with nothing else.
func TestVersion(t *testing.T) {
	base, err := Scan(site())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		edit   func(fstest.MapFS)
		change bool
	}{
		{"rebuilt, same content", func(fstest.MapFS) {}, false},
		{"a twin changed", func(f fstest.MapFS) { f["app.wasm.br"] = &fstest.MapFile{Data: []byte("other")} }, false},
		{"the old service worker changed", func(f fstest.MapFS) { f["sw.js"] = &fstest.MapFile{Data: []byte("x")} }, false},
		{"one byte of a file", func(f fstest.MapFS) { f["data/rrlyrae.bin"] = &fstest.MapFile{Data: []byte{1, 2, 4}} }, true},
		{"a file renamed", func(f fstest.MapFS) {
			f["assets/main.css"] = f["assets/style.css"]
			delete(f, "assets/style.css")
		}, true},
		{"a file added", func(f fstest.MapFS) { f["assets/new.js"] = &fstest.MapFile{Data: []byte("")} }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := site()
			tc.edit(f)
			m, err := Scan(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Version != base.Version; got != tc.change {
				t.Errorf("version changed: %v, want %v", got, tc.change)
			}
		})
	}
}

func TestScanNamed(t *testing.T) {
	m, err := Scan(site(), "index.html", "app.wasm", "app.wasm.br", "sw.js")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 || m.Files["app.wasm"] == "" || m.Files["index.html"] == "" {
		t.Errorf("files = %v, want index.html and app.wasm", m.Files)
	}
	for _, bad := range []string{"missing.js", "../x", "assets"} {
		if _, err := Scan(site(), "index.html", bad); err == nil {
			t.Errorf("Scan(%q): no error", bad)
		}
	}
}

func TestScanNeedsIndex(t *testing.T) {
	f := site()
	delete(f, "index.html")
	if _, err := Scan(f); err == nil {
		t.Error("no error for a site without index.html")
	}
}

func TestFill(t *testing.T) {
	m := Manifest{Version: "0123456789abcdef", Files: map[string]string{"index.html": "aa", "app.wasm": "bb"}}
	out, err := Fill([]byte("'use strict';\nconst PRECACHE = null;\nself.x = 1;\n"), m)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	if lines[0] != "'use strict';" || lines[2] != "self.x = 1;" {
		t.Errorf("the rest of the template changed: %q", out)
	}
	js, ok := strings.CutPrefix(lines[1], "const PRECACHE = ")
	if !ok || !strings.HasSuffix(js, ";") {
		t.Fatalf("line 2 = %q", lines[1])
	}
	var back Manifest
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js, ";")), &back); err != nil {
		t.Fatal(err)
	}
	if back.Version != m.Version || back.Files["app.wasm"] != "bb" || len(back.Files) != 2 {
		t.Errorf("round trip = %+v, want %+v", back, m)
	}
	again, _ := Fill([]byte("const PRECACHE = null;"), m)
	if again2, _ := Fill([]byte("const PRECACHE = null;"), m); !bytes.Equal(again, again2) {
		t.Error("Fill is not deterministic")
	}
	for _, bad := range []string{"no placeholder", "const PRECACHE = null;\nconst PRECACHE = null;"} {
		if _, err := Fill([]byte(bad), m); err == nil {
			t.Errorf("Fill(%q): no error", bad)
		}
	}
}
