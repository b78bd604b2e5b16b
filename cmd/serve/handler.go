package main

import (
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// contentTypes fixes the Content-Type of the file types the site uses, so
// they do not depend on the machine's MIME tables.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".bin":  "application/octet-stream",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".gz":   "application/gzip",
	".br":   "application/octet-stream",

	".webmanifest": "application/manifest+json",
}

// Handler serves the regular files below one directory; see the package doc
// for the rules. The zero value is not usable; call NewHandler.
type Handler struct {
	root *os.Root
}

// NewHandler returns a Handler for dir. It fails when dir cannot be opened or
// is not a directory.
func NewHandler(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("serve: open %s: %w", dir, err)
	}
	return &Handler{root: root}, nil
}

// Close releases the directory handle.
func (h *Handler) Close() error { return h.root.Close() }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	info, err := h.root.Stat(name)
	if err != nil || !info.Mode().IsRegular() {
		// Missing, a directory (no listings), or outside the root.
		http.NotFound(w, r)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Content-Type-Options", "nosniff")

	serveName, serveInfo, coding := name, info, ""
	var offered []string
	twins := map[string]fs.FileInfo{}
	for _, c := range codings {
		// A twin at least as new as the original (gzip -k and cmd/compress
		// copy the original's mtime); an older twin is stale and ignored.
		if t, err := h.root.Stat(name + c.suffix); err == nil && t.Mode().IsRegular() && !t.ModTime().Before(info.ModTime()) {
			offered = append(offered, c.name)
			twins[c.name] = t
		}
	}
	if len(offered) > 0 {
		hdr.Add("Vary", "Accept-Encoding")
		if coding = negotiate(r.Header.Values("Accept-Encoding"), offered); coding != "" {
			serveName, serveInfo = name+suffixOf(coding), twins[coding]
			hdr.Set("Content-Encoding", coding)
		}
	}

	f, err := h.root.Open(serveName)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	hdr.Set("ETag", etag(serveInfo, coding))
	http.ServeContent(w, r, serveName, serveInfo.ModTime(), f)
}

// fileName maps a URL path to a file name relative to the root. Paths ending
// in "/" mean their index.html. It reports false for paths that are not
// rooted or contain NUL or backslashes.
func fileName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.ContainsAny(urlPath, "\x00\\") {
		return "", false
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	if name == "" || !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// contentType returns the Content-Type for a file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// etag is a strong validator from the served file's size and modification
// time; each encoded twin gets a different tag than the plain file, as RFC
// 9110 requires for different representations.
func etag(info fs.FileInfo, coding string) string {
	tag := strconv.FormatInt(info.Size(), 16) + "-" + strconv.FormatInt(info.ModTime().UnixNano(), 16)
	if coding != "" {
		tag += "-" + coding
	}
	return `"` + tag + `"`
}
