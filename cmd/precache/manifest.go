package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Manifest is what the service worker precaches.
type Manifest struct {
	// Version names the site's content: the first 16 hex digits of the
	// SHA-256 of the sorted "name sha256" lines of Files.
	Version string `json:"version"`
	// Files maps each file's path, relative to the site root with "/"
	// separators, to the hex SHA-256 of its content.
	Files map[string]string `json:"files"`
}

// Scan hashes the site's files in fsys: the named ones, or when names is
// empty every file below the root; either way only those listed() accepts.
func Scan(fsys fs.FS, names ...string) (Manifest, error) {
	if len(names) == 0 {
		err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, name)
			}
			return err
		})
		if err != nil {
			return Manifest{}, err
		}
	}
	m := Manifest{Files: map[string]string{}}
	for _, name := range names {
		if !listed(name) {
			continue
		}
		sum, err := hashFile(fsys, name)
		if err != nil {
			return Manifest{}, err
		}
		m.Files[name] = sum
	}
	if _, ok := m.Files["index.html"]; !ok {
		return Manifest{}, errors.New("the site has no index.html")
	}
	m.Version = version(m.Files)
	return m, nil
}

// hashFile returns the hex SHA-256 of a regular file.
func hashFile(fsys fs.FS, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", errors.New(name + ": not a path inside the site")
	}
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", errors.New(name + ": not a regular file")
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// listed reports whether a site file belongs in the manifest.
func listed(name string) bool {
	base := path.Base(name)
	switch {
	case name == "sw.js", strings.HasPrefix(base, "."),
		strings.HasSuffix(name, ".gz"), strings.HasSuffix(name, ".br"):
		return false
	}
	return true
}

// version hashes the sorted name/hash list.
func version(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		io.WriteString(h, n+" "+files[n]+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// placeholder is the template line Fill replaces.
const placeholder = "const PRECACHE = null;"

// Fill returns the service worker template src with the manifest written
// into its placeholder line; the placeholder must occur exactly once.
func Fill(src []byte, m Manifest) ([]byte, error) {
	if n := bytes.Count(src, []byte(placeholder)); n != 1 {
		return nil, fmt.Errorf("want exactly one line `%s`, found %d", placeholder, n)
	}
	j, err := json.Marshal(m) // map keys come out sorted: the output is deterministic
	if err != nil {
		return nil, err
	}
	return bytes.Replace(src, []byte(placeholder), []byte("const PRECACHE = "+string(j)+";"), 1), nil
}
