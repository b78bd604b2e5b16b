package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"flowlab/flow/data"
)

// envCSV names the environment variable that points at the RR Lyrae CSV.
const envCSV = "RRLYRAE_CSV"

// sharedRel is the shared CSV's path relative to the repository root.
var sharedRel = filepath.Join("..", "shared", "data", "rrlyrae", "rrlyrae_combined.csv")

// load finds the data by the source order in doc.go and returns it with a description of
// where it came from.
func load(ctx context.Context, cfg config, env runEnv) (*data.Dataset, string, error) {
	if cfg.csv != "" {
		d, err := loadCSVFile(cfg.csv, !cfg.allowOther)
		return d, cfg.csv, wrapSource("-csv "+cfg.csv, err)
	}
	if p := env.getenv(envCSV); p != "" {
		d, err := loadCSVFile(p, !cfg.allowOther)
		return d, p, wrapSource(envCSV+"="+p, err)
	}
	candidates := sharedCandidates(env.cwd)
	for _, p := range candidates {
		if _, err := os.Stat(p); err == nil {
			d, err := loadCSVFile(p, !cfg.allowOther)
			return d, p, wrapSource("shared CSV "+p, err)
		}
	}
	cache := cfg.cache
	if !filepath.IsAbs(cache) {
		cache = filepath.Join(env.cwd, cache)
	}
	d, err := buildFromAstroML(ctx, cache, env.fetch, env.stderr)
	if err != nil {
		return nil, "", noSourceError(candidates, cfg.cache, err)
	}
	return d, "the astroML originals in " + cfg.cache, nil
}

func wrapSource(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// loadCSVFile reads and parses a CSV file, first checking its sha256 when checkSum is set.
func loadCSVFile(path string, checkSum bool) (*data.Dataset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if checkSum {
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != csvSHA256 {
			return nil, fmt.Errorf("sha256 %s, want %s (PROVENANCE.md); this is not the RR Lyrae CSV (use -allow-other for other data)", got, csvSHA256)
		}
	}
	return data.ParseCSV(bytes.NewReader(b), data.CSVOptions{})
}

// sharedCandidates lists where the shared CSV may be: next to the working directory's parent and
// next to the repository root's parent, without repeats.
func sharedCandidates(cwd string) []string {
	out := []string{filepath.Join(cwd, sharedRel)}
	if root, ok := findRepoRoot(cwd); ok {
		if p := filepath.Join(root, sharedRel); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// findRepoRoot walks up from dir to the first directory whose go.mod declares module flowlab.
func findRepoRoot(dir string) (string, bool) {
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && modulePath(b) == "flowlab" {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// modulePath returns the module path declared in a go.mod file, "" if none.
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// noSourceError explains every source tried and how to fix it.
func noSourceError(candidates []string, cache string, downloadErr error) error {
	var b strings.Builder
	b.WriteString("found no RR Lyrae data. Tried, in order:\n")
	fmt.Fprintf(&b, "  1. the -csv flag and $%s: neither is set\n", envCSV)
	fmt.Fprintf(&b, "  2. the shared CSV: not found at %s\n", strings.Join(candidates, " or "))
	fmt.Fprintf(&b, "  3. rebuilding from the astroML originals in %s:\n", cache)
	for _, line := range strings.Split(downloadErr.Error(), "\n") {
		fmt.Fprintf(&b, "       %s\n", line)
	}
	b.WriteString("To fix: set " + envCSV + "=/path/to/rrlyrae_combined.csv (or pass -csv PATH),\n")
	fmt.Fprintf(&b, "or put %s into %s, or run where github.com is reachable.", strings.Join(astroMLFileNames(), " and "), cache)
	return errors.New(b.String())
}
