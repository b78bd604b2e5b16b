package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func unbrotli(t *testing.T, z []byte) []byte {
	t.Helper()
	b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(z)))
	if err != nil {
		t.Fatalf("not brotli: %v", err)
	}
	return b
}

func write(t *testing.T, path string, b []byte, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func TestTwins(t *testing.T) {
	text := bytes.Repeat([]byte("normalizing flows in the browser\n"), 400)
	random := make([]byte, 4000)
	rand.Read(random)
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		body    []byte
		oldTwin []byte    // an existing twin, or nil
		twinAt  time.Time // its mtime
		want    string    // "fresh": a new twin of body; "kept": oldTwin untouched; "none": no twin
	}{
		{"new twin", text, nil, time.Time{}, "fresh"},
		{"up-to-date twin kept", text, []byte("not redone"), mtime, "kept"},
		{"stale twin redone", text, []byte("stale"), mtime.Add(-time.Second), "fresh"},
		{"small file: no twin, stale one removed", []byte("tiny"), []byte("old"), mtime, "none"},
		{"incompressible: no twin", random, nil, time.Time{}, "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "sub", "f.wasm")
			write(t, path, tc.body, mtime)
			if tc.oldTwin != nil {
				write(t, path+".br", tc.oldTwin, tc.twinAt)
			}
			c := compressor{dir: dir, minSize: 1024}
			if err := c.all([]string{"sub/f.wasm"}); err != nil {
				t.Fatal(err)
			}
			z, err := os.ReadFile(path + ".br")
			switch tc.want {
			case "none":
				if err == nil {
					t.Fatalf("twin exists (%d bytes), want none", len(z))
				}
				return
			case "kept":
				if !bytes.Equal(z, tc.oldTwin) {
					t.Fatalf("up-to-date twin was rewritten")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := unbrotli(t, z); !bytes.Equal(got, tc.body) {
				t.Fatalf("twin decodes to %d bytes, want the %d of the original", len(got), len(tc.body))
			}
			info, _ := os.Stat(path + ".br")
			if !info.ModTime().Equal(mtime) {
				t.Errorf("twin mtime %v, want the original's %v", info.ModTime(), mtime)
			}
		})
	}
}

func TestCache(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	body := bytes.Repeat([]byte("flow lab "), 500)
	write(t, filepath.Join(dir, "a.js"), body, time.Now())
	c := compressor{dir: dir, cache: cache, minSize: 1024}
	if err := c.all([]string{"a.js"}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	cached := filepath.Join(cache, hex.EncodeToString(sum[:])+".br")
	z, err := os.ReadFile(cached)
	if err != nil {
		t.Fatalf("no cached twin: %v", err)
	}
	if got := unbrotli(t, z); !bytes.Equal(got, body) {
		t.Fatal("cached twin does not decode to the file")
	}

	// A fresh build (no twin in dir) takes the cached twin instead of
	// compressing again: a marker in the cache shows which was used.
	marker, _ := brotliBytes(append(body[:len(body):len(body)], "!"...))
	write(t, cached, marker, time.Now())
	os.Remove(filepath.Join(dir, "a.js.br"))
	if err := c.all([]string{"a.js"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "a.js.br"))
	if !bytes.Equal(got, marker) {
		t.Error("the twin was compressed again instead of taken from the cache")
	}

	// Entries unused for longer than cacheTTL are pruned; used ones stay.
	old := filepath.Join(cache, "old.br")
	write(t, old, []byte("x"), time.Now().Add(-cacheTTL-time.Hour))
	if err := c.all([]string{"a.js"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("an old cache entry was not pruned")
	}
	if _, err := os.Stat(cached); err != nil {
		t.Error("a used cache entry was pruned")
	}
}

func TestMissingFile(t *testing.T) {
	c := compressor{dir: t.TempDir(), minSize: 1024}
	if err := c.all([]string{"nope.wasm"}); err == nil {
		t.Error("no error for a missing file")
	}
}
