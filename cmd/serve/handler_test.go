package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// site writes a small dist-like tree into a temp dir and returns the dir that
// is served. A file "secret.txt" sits outside it, with a symlink to it inside.
func site(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "dist")
	mtime := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(name string, body []byte, mt time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", []byte("<!doctype html><title>t</title>"), mtime)
	write("app.wasm", wasmBody, mtime)
	write("app.wasm.gz", gz(t, wasmBody), mtime)
	write("app.wasm.br", br(t, wasmBody), mtime)
	// Only a gzip twin: br clients get gzip.
	write("worker.wasm", wasmBody, mtime)
	write("worker.wasm.gz", gz(t, wasmBody), mtime)
	write("manifest.webmanifest", []byte(`{"name":"t"}`), mtime)
	write("worker.js", []byte("self.x = 1;\n"), mtime)
	write("mod.mjs", []byte("export const x = 1;\n"), mtime)
	write("assets/style.css", []byte("body{}\n"), mtime)
	write("assets/icon.svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), mtime)
	write("data/rrlyrae.bin", []byte{1, 2, 3, 4}, mtime)
	write("info.json", []byte(`{"a":1}`), mtime)
	write("sub/index.html", []byte("<p>sub</p>"), mtime)
	write("empty/.keep", nil, mtime)
	// A stale twin: older than the file it compresses, so it must be ignored.
	write("stale.js", []byte("let fresh = true;\n"), mtime)
	write("stale.js.gz", gz(t, []byte("let fresh = false;\n")), mtime.Add(-time.Hour))
	write("stale.js.br", br(t, []byte("let fresh = false;\n")), mtime.Add(-time.Hour))
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

var wasmBody = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("flow lab "), 200)...)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func br(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := brotli.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newHandler(t *testing.T) *Handler {
	t.Helper()
	h, err := NewHandler(site(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// get runs one request against h; path is set verbatim on the URL so that
// unclean paths reach the handler as a raw client could send them.
func get(h http.Handler, method, path string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", nil)
	req.URL.Path = path
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServe(t *testing.T) {
	h := newHandler(t)
	gzipOK := http.Header{"Accept-Encoding": {"gzip, deflate"}}
	chrome := http.Header{"Accept-Encoding": {"gzip, deflate, br, zstd"}}
	tests := []struct {
		name     string
		method   string
		path     string
		header   http.Header
		status   int
		ctype    string
		encoding string
		vary     bool
		body     []byte // expected body after decoding; nil means not checked
	}{
		{"root is index.html", "GET", "/", nil, 200, "text/html; charset=utf-8", "", false, []byte("<!doctype html><title>t</title>")},
		{"index.html", "GET", "/index.html", nil, 200, "text/html; charset=utf-8", "", false, nil},
		{"wasm plain without Accept-Encoding", "GET", "/app.wasm", nil, 200, "application/wasm", "", true, wasmBody},
		{"wasm gzip when accepted", "GET", "/app.wasm", gzipOK, 200, "application/wasm", "gzip", true, wasmBody},
		{"wasm br when accepted (Chromium's header)", "GET", "/app.wasm", chrome, 200, "application/wasm", "br", true, wasmBody},
		{"wasm gzip when br refused", "GET", "/app.wasm", http.Header{"Accept-Encoding": {"br;q=0, gzip"}}, 200, "application/wasm", "gzip", true, wasmBody},
		{"wasm gzip when preferred by q", "GET", "/app.wasm", http.Header{"Accept-Encoding": {"br;q=0.5, gzip"}}, 200, "application/wasm", "gzip", true, wasmBody},
		{"wasm plain when both refused", "GET", "/app.wasm", http.Header{"Accept-Encoding": {"gzip;q=0, br;q=0"}}, 200, "application/wasm", "", true, wasmBody},
		{"wasm gzip twin only: br client gets gzip", "GET", "/worker.wasm", chrome, 200, "application/wasm", "gzip", true, wasmBody},
		{"webmanifest", "GET", "/manifest.webmanifest", chrome, 200, "application/manifest+json", "", false, nil},
		{"wasm HEAD", "HEAD", "/app.wasm", gzipOK, 200, "application/wasm", "gzip", true, []byte{}},
		{"js", "GET", "/worker.js", gzipOK, 200, "text/javascript; charset=utf-8", "", false, []byte("self.x = 1;\n")},
		{"mjs", "GET", "/mod.mjs", nil, 200, "text/javascript; charset=utf-8", "", false, nil},
		{"css", "GET", "/assets/style.css", nil, 200, "text/css; charset=utf-8", "", false, nil},
		{"svg", "GET", "/assets/icon.svg", nil, 200, "image/svg+xml", "", false, nil},
		{"bin", "GET", "/data/rrlyrae.bin", nil, 200, "application/octet-stream", "", false, []byte{1, 2, 3, 4}},
		{"json", "GET", "/info.json", nil, 200, "application/json", "", false, nil},
		{"gz twin asked for directly", "GET", "/app.wasm.gz", nil, 200, "application/gzip", "", false, nil},
		{"stale twins ignored", "GET", "/stale.js", chrome, 200, "text/javascript; charset=utf-8", "", false, []byte("let fresh = true;\n")},
		{"sub dir index", "GET", "/sub/", nil, 200, "text/html; charset=utf-8", "", false, []byte("<p>sub</p>")},
		{"missing", "GET", "/nope.js", nil, 404, "", "", false, nil},
		{"directory without slash: no listing", "GET", "/data", nil, 404, "", "", false, nil},
		{"directory without index: no listing", "GET", "/empty/", nil, 404, "", "", false, nil},
		{"traversal", "GET", "/../secret.txt", nil, 404, "", "", false, nil},
		{"deep traversal", "GET", "/assets/../../secret.txt", nil, 404, "", "", false, nil},
		{"backslash traversal", "GET", `/..\secret.txt`, nil, 404, "", "", false, nil},
		{"symlink out of the root", "GET", "/link.txt", nil, 404, "", "", false, nil},
		{"NUL byte", "GET", "/index.html\x00.js", nil, 404, "", "", false, nil},
		{"POST refused", "POST", "/index.html", nil, 405, "", "", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(h, tc.method, tc.path, tc.header)
			res := rec.Result()
			if res.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d (body %q)", res.StatusCode, tc.status, rec.Body.String())
			}
			if tc.status != 200 {
				if bytes.Contains(rec.Body.Bytes(), []byte("secret")) {
					t.Errorf("body leaks the file outside the root: %q", rec.Body.String())
				}
				return
			}
			if got := res.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tc.ctype)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tc.encoding)
			}
			if got := res.Header.Get("Vary") == "Accept-Encoding"; got != tc.vary {
				t.Errorf("Vary = %q, want Accept-Encoding: %v", res.Header.Get("Vary"), tc.vary)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			if res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" {
				t.Errorf("missing validators: ETag %q, Last-Modified %q", res.Header.Get("ETag"), res.Header.Get("Last-Modified"))
			}
			if tc.body == nil {
				return
			}
			body := rec.Body.Bytes()
			if tc.encoding == "gzip" && tc.method != "HEAD" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("body is not gzip: %v", err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if tc.encoding == "br" && tc.method != "HEAD" {
				var err error
				if body, err = io.ReadAll(brotli.NewReader(bytes.NewReader(body))); err != nil {
					t.Fatalf("body is not brotli: %v", err)
				}
			}
			if !bytes.Equal(body, tc.body) {
				t.Errorf("body = %q, want %q", body, tc.body)
			}
		})
	}
}

func TestRevalidate(t *testing.T) {
	h := newHandler(t)
	for _, enc := range []string{"", "gzip", "br"} {
		first := get(h, "GET", "/app.wasm", http.Header{"Accept-Encoding": {enc}}).Result()
		tag := first.Header.Get("ETag")
		tests := []struct {
			name   string
			header http.Header
			status int
		}{
			{"matching ETag", http.Header{"If-None-Match": {tag}}, http.StatusNotModified},
			{"other ETag", http.Header{"If-None-Match": {`"other"`}}, http.StatusOK},
			{"not modified since", http.Header{"If-Modified-Since": {first.Header.Get("Last-Modified")}}, http.StatusNotModified},
			{"modified since", http.Header{"If-Modified-Since": {"Mon, 01 Jan 2024 00:00:00 GMT"}}, http.StatusOK},
		}
		for _, tc := range tests {
			tc.header.Set("Accept-Encoding", enc)
			if got := get(h, "GET", "/app.wasm", tc.header).Code; got != tc.status {
				t.Errorf("encoding %q, %s: status = %d, want %d", enc, tc.name, got, tc.status)
			}
		}
	}
	tags := map[string]string{}
	for _, enc := range []string{"", "gzip", "br"} {
		tag := get(h, "GET", "/app.wasm", http.Header{"Accept-Encoding": {enc}}).Result().Header.Get("ETag")
		if other, dup := tags[tag]; dup {
			t.Errorf("encodings %q and %q share ETag %s", other, enc, tag)
		}
		tags[tag] = enc
	}
}

func TestNegotiate(t *testing.T) {
	both := []string{"br", "gzip"}
	gzOnly := []string{"gzip"}
	tests := []struct {
		values  []string
		offered []string
		want    string
	}{
		{nil, both, ""},
		{[]string{""}, both, ""},
		{[]string{"gzip"}, both, "gzip"},
		{[]string{"GZIP"}, both, "gzip"},
		{[]string{"x-gzip"}, both, "gzip"},
		{[]string{"br"}, both, "br"},
		{[]string{"BR"}, both, "br"},
		{[]string{"gzip, deflate, br, zstd"}, both, "br"},
		{[]string{"gzip, deflate, br, zstd"}, gzOnly, "gzip"},
		{[]string{"br"}, gzOnly, ""},
		{[]string{"gzip", "br"}, both, "br"},
		{[]string{"br;q=0.5, gzip"}, both, "gzip"},
		{[]string{"br;q=0, gzip;q=0.1"}, both, "gzip"},
		{[]string{"gzip;q=0"}, both, ""},
		{[]string{"gzip; q=0.0"}, gzOnly, ""},
		{[]string{"gzip;q=0.5"}, gzOnly, "gzip"},
		{[]string{"gzip;q=bogus"}, both, ""},
		{[]string{"gzip;q=2"}, both, ""},
		{[]string{"identity"}, both, ""},
		{[]string{"identity, gzip;q=0.5"}, both, ""},
		{[]string{"identity;q=0.1, gzip"}, both, "gzip"},
		{[]string{"*"}, both, "br"},
		{[]string{"*;q=0"}, both, ""},
		{[]string{"gzip;q=0, *"}, both, "br"},
		{[]string{"gzip;q=0, *"}, gzOnly, ""},
		{[]string{"*;q=0, gzip"}, both, "gzip"},
		{[]string{"br, br;q=0"}, both, "br"},
		{[]string{" , ;q=1, gzip"}, both, "gzip"},
		{[]string{"gzip"}, nil, ""},
	}
	for _, tc := range tests {
		if got := negotiate(tc.values, tc.offered); got != tc.want {
			t.Errorf("negotiate(%q, %q) = %q, want %q", tc.values, tc.offered, got, tc.want)
		}
	}
}

func TestNewHandlerMissingDir(t *testing.T) {
	if _, err := NewHandler(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.HasPrefix(err.Error(), "serve: ") {
		t.Errorf("NewHandler(missing dir) error = %v, want a serve: error", err)
	}
}

func TestLogRequests(t *testing.T) {
	var buf bytes.Buffer
	h := logRequests(newHandler(t), log.New(&buf, "", 0))
	get(h, "GET", "/app.wasm", http.Header{"Accept-Encoding": {"gzip"}})
	get(h, "GET", "/nope", nil)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want 2: %q", len(lines), buf.String())
	}
	for i, want := range []string{"GET /app.wasm 200 ", "GET /nope 404 "} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[0], " gzip ") {
		t.Errorf("line 0 = %q, want the gzip encoding named", lines[0])
	}
}
