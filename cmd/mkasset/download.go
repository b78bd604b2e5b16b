package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"time"
)

// remoteFile is one astroML original: its cache name, where to get it, and its sha256 if known.
type remoteFile struct {
	name   string
	urls   []string // tried in order
	sha256 string   // "" if not pinned
}

// Cache file names of the two astroML originals.
const (
	fitsName    = "RRLyrae.fit"
	catalogName = "stripe82calibStars_v2.6.dat.gz"
)

// astroMLFiles are the two inputs of astroML's fetch_rrlyrae_combined (URLs from PROVENANCE.md).
var astroMLFiles = []remoteFile{
	{
		name: fitsName,
		urls: []string{
			"https://github.com/astroML/astroML-data/raw/main/datasets/RRLyrae.fit",
			"https://github.com/astroML/astroML-data/raw/master/datasets/RRLyrae.fit",
			"http://www.astro.washington.edu/users/ivezic/DMbook/data/RRLyrae.fit",
		},
		sha256: fitsSHA256,
	},
	{
		name: catalogName,
		urls: []string{
			"https://github.com/astroML/astroML-data/raw/main/datasets/stripe82calibStars_v2.6.dat.gz",
			"https://github.com/astroML/astroML-data/raw/master/datasets/stripe82calibStars_v2.6.dat.gz",
			"http://www.astro.washington.edu/users/ivezic/sdss/catalogs/stripe82calibStars_v2.6.dat.gz",
		},
	},
}

func astroMLFileNames() []string {
	var names []string
	for _, f := range astroMLFiles {
		names = append(names, f.name)
	}
	return names
}

// fetchFunc copies the body of url to w. Tests replace httpFetch with a stub.
type fetchFunc func(ctx context.Context, url string, w io.Writer) error

// httpClient has per-phase timeouts; the overall limit is the context's (-timeout).
var httpClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 20 * time.Second}).DialContext,
		TLSHandshakeTimeout:   20 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
	},
}

// httpFetch downloads url with net/http.
func httpFetch(ctx context.Context, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		var ue *neturl.Error
		if errors.As(err, &ue) {
			return ue.Err // the caller names the URL already
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// ensureCached returns the path of f in dir, downloading it first if it is missing or (when its
// sha256 is pinned) different. Downloads go to a temporary file that is renamed when complete.
func ensureCached(ctx context.Context, dir string, f remoteFile, fetch fetchFunc, log io.Writer) (string, error) {
	path := filepath.Join(dir, f.name)
	if _, err := os.Stat(path); err == nil {
		if f.sha256 == "" {
			return path, nil
		}
		got, err := fileSHA256(path)
		if err == nil && got == f.sha256 {
			return path, nil
		}
		fmt.Fprintf(log, "mkasset: cached %s has sha256 %s, want %s; downloading again\n", path, got, f.sha256)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var errs []error
	for _, url := range f.urls {
		fmt.Fprintf(log, "mkasset: downloading %s\n", url)
		err := downloadTo(ctx, path, url, f.sha256, fetch)
		if err == nil {
			return path, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", url, err))
		if ctx.Err() != nil {
			break
		}
	}
	return "", errors.Join(errs...)
}

// downloadTo fetches url into path through a temporary file, checking the sha256 if want != "".
func downloadTo(ctx context.Context, path, url, want string, fetch fetchFunc) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	if err = fetch(ctx, url, io.MultiWriter(tmp, h)); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); want != "" && got != want {
		return fmt.Errorf("sha256 %s, want %s", got, want)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
