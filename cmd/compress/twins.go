package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// suffix is the twin's file name suffix.
const suffix = ".br"

// cacheTTL is how long a cached twin no build used is kept.
const cacheTTL = 7 * 24 * time.Hour

// compressor writes the brotli twins of files below dir.
type compressor struct {
	dir     string
	cache   string // "" for no cache
	minSize int64
}

// brotliBytes compresses b at brotli's best quality with its default window
// (4 MiB; a 16 MiB one saves 0.2% on app.wasm and takes twice as long).
func brotliBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 22})
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// all writes the twins of every named file, several at once, the biggest
// first (so the slowest does not start last), and returns every error met.
func (c compressor) all(names []string) error {
	size := make(map[string]int64, len(names))
	for _, n := range names {
		size[n] = -1
		if info, err := os.Stat(filepath.Join(c.dir, n)); err == nil {
			size[n] = info.Size()
		}
	}
	order := slices.Clone(names)
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(size[b], size[a]) })

	jobs := make(chan string)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range jobs {
				if err := c.twin(name); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, n := range order {
		jobs <- n
	}
	close(jobs)
	wg.Wait()
	if c.cache != "" {
		errs = append(errs, c.pruneCache())
	}
	return errors.Join(errs...)
}

// twin brings name's twin up to date.
func (c compressor) twin(name string) error {
	path := filepath.Join(c.dir, name)
	out := path + suffix
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	if info.Size() <= c.minSize {
		return removeIfExists(out)
	}
	if t, err := os.Stat(out); err == nil && t.ModTime().Equal(info.ModTime()) {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	z, err := c.compressed(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(z) >= len(b) {
		return removeIfExists(out)
	}
	return writeFile(out, z, info.ModTime())
}

// compressed returns b's twin from the cache, or compresses b and caches it.
func (c compressor) compressed(b []byte) ([]byte, error) {
	var cached string
	if c.cache != "" {
		sum := sha256.Sum256(b)
		cached = filepath.Join(c.cache, hex.EncodeToString(sum[:])+suffix)
		if z, err := os.ReadFile(cached); err == nil {
			now := time.Now()
			os.Chtimes(cached, now, now) // a recent mtime keeps it from pruning
			return z, nil
		}
	}
	z, err := brotliBytes(b)
	if err != nil || cached == "" {
		return z, err
	}
	if err := os.MkdirAll(c.cache, 0o755); err != nil {
		return nil, err
	}
	return z, writeFile(cached, z, time.Now())
}

// pruneCache deletes cached twins no build has used for cacheTTL.
func (c compressor) pruneCache() error {
	entries, err := os.ReadDir(c.cache)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > cacheTTL {
			os.Remove(filepath.Join(c.cache, e.Name()))
		}
	}
	return nil
}

// writeFile writes b to path atomically (a temporary file renamed) with
// mode 0644 and modification time mtime.
func writeFile(path string, b []byte, mtime time.Time) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp.compress.*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644), os.Chtimes(tmp.Name(), mtime, mtime)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
