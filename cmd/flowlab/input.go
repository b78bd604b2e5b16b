package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"flowlab/flow/data"
)

// sharedCSV is where the RR Lyrae table lives beside a checkout.
const sharedCSV = "../shared/data/rrlyrae/rrlyrae_combined.csv"

// dataPath resolves the data file: the -data flag, else $RRLYRAE_CSV, else
// sharedCSV relative to the working directory, else relative to the
// repository root (the nearest parent whose go.mod declares module flowlab).
func dataPath(flagValue string, e env) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := e.getenv("RRLYRAE_CSV"); p != "" {
		return p, nil
	}
	cands := []string{filepath.Join(e.cwd, sharedCSV)}
	if root, ok := repoRoot(e.cwd); ok {
		if c := filepath.Join(root, sharedCSV); c != cands[0] {
			cands = append(cands, c)
		}
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c, nil
		}
	}
	return "", fmt.Errorf("no data file: pass -data PATH or set RRLYRAE_CSV (looked for %s)", strings.Join(cands, " and "))
}

// repoRoot returns the nearest directory at or above dir whose go.mod
// declares module flowlab.
func repoRoot(dir string) (string, bool) {
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && declaresFlowlab(b) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// declaresFlowlab reports whether the go.mod text b declares module flowlab.
func declaresFlowlab(b []byte) bool {
	for line := range bytes.Lines(b) {
		if f := strings.Fields(string(line)); len(f) == 2 && f[0] == "module" && strings.Trim(f[1], `"`) == "flowlab" {
			return true
		}
	}
	return false
}

// loadData reads a labelled CSV. Errors name the file and, for bad content,
// the line and column (data.ParseError).
func loadData(path string, opt data.CSVOptions) (*data.Dataset, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err // "open PATH: no such file or directory"
	}
	defer fh.Close()
	d, err := data.ParseCSV(bufio.NewReaderSize(fh, 1<<16), opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
