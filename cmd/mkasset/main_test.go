package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flowlab/flow/data"
)

// testEnv builds a runEnv with the given working directory, environment and fetcher.
func testEnv(cwd string, vars map[string]string, fetch fetchFunc) (runEnv, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	if fetch == nil {
		fetch = func(context.Context, string, io.Writer) error { return errors.New("network disabled in tests") }
	}
	return runEnv{
		getenv: func(k string) string { return vars[k] },
		cwd:    cwd,
		fetch:  fetch,
		stdout: &stdout,
		stderr: &stderr,
	}, &stdout, &stderr
}

// decodeFile reads and decodes an asset file.
func decodeFile(t *testing.T, path string) *data.Dataset {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.DecodeAsset(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRunFromCSV(t *testing.T) {
	csvPath := sharedFile(t, "rrlyrae_combined.csv")
	pkgDir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		vars map[string]string
		cwd  string
	}{
		{"-csv flag", []string{"-csv", csvPath}, nil, t.TempDir()},
		{"RRLYRAE_CSV", nil, map[string]string{envCSV: csvPath}, t.TempDir()},
		// From cmd/mkasset the repository root is two levels up and the shared CSV sits beside it.
		{"shared copy next to the repo root", nil, nil, pkgDir},
	}
	if os.Getenv(envCSV) != "" {
		tests = tests[:2] // the shared checkout may be elsewhere
	}
	for _, tc := range tests {
		out := filepath.Join(t.TempDir(), "dist", "data", "rrlyrae.bin")
		env, stdout, stderr := testEnv(tc.cwd, tc.vars, nil)
		if code := run(append(tc.args, "-o", out), env); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr)
		}
		want := fmt.Sprintf("%s: %d rows, %d bytes, checksum %s\n", out, wantRows, 1_583_456, rrlyraeChecksum)
		if stdout.String() != want {
			t.Errorf("%s: stdout %q, want %q", tc.name, stdout, want)
		}
		d := decodeFile(t, out)
		if err := verifyRRLyrae(d); err != nil {
			t.Errorf("%s: the written asset fails verification:\n%v", tc.name, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			t.Errorf("%s: output directory holds %d entries, want only the asset", tc.name, len(entries))
		}
	}
}

func TestRunOtherCSV(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "toy.csv")
	if err := os.WriteFile(csvPath, []byte("a,b,label\n1,2,0\n3,4,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "toy.bin")

	env, _, stderr := testEnv(dir, nil, nil)
	if code := run([]string{"-csv", csvPath, "-o", out}, env); code != 1 {
		t.Fatalf("exit %d without -allow-other, want 1", code)
	}
	for _, want := range []string{csvPath, "sha256", csvSHA256, "-allow-other"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not mention %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an asset was written although the check failed")
	}

	env, stdout, stderr := testEnv(dir, nil, nil)
	if code := run([]string{"-csv", csvPath, "-o", out, "-allow-other"}, env); code != 0 {
		t.Fatalf("exit %d with -allow-other: %s", code, stderr)
	}
	d := decodeFile(t, out)
	if !slices.Equal(d.X, []float64{1, 2, 3, 4}) || !slices.Equal(d.Y, []int{0, 1}) {
		t.Errorf("asset holds %v %v", d.X, d.Y)
	}
	if !strings.HasPrefix(stdout.String(), out+": 2 rows, ") {
		t.Errorf("stdout %q", stdout)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		vars map[string]string
		code int
		want []string
	}{
		{"unknown flag", []string{"-nope"}, nil, 2, []string{"usage"}},
		{"stray argument", []string{"extra"}, nil, 2, []string{"unexpected"}},
		{"missing -csv file", []string{"-csv", filepath.Join(dir, "absent.csv")}, nil, 1, []string{"-csv", "absent.csv"}},
		{"missing RRLYRAE_CSV file", nil, map[string]string{envCSV: filepath.Join(dir, "gone.csv")}, 1, []string{envCSV, "gone.csv"}},
		{"no source at all", nil, nil, 1, []string{
			"Tried, in order", "-csv flag and $RRLYRAE_CSV", "shared CSV", "astroML originals",
			"network disabled in tests", "To fix: set RRLYRAE_CSV=",
		}},
	}
	for _, tc := range tests {
		env, stdout, stderr := testEnv(dir, tc.vars, nil)
		args := append(tc.args, "-o", filepath.Join(dir, "out.bin"), "-cache", filepath.Join(dir, "cache"))
		if code := run(args, env); code != tc.code {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", tc.name, code, tc.code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("%s: stderr does not mention %q:\n%s", tc.name, w, stderr)
			}
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: stdout %q, want nothing", tc.name, stdout)
		}
	}
}

// TestRunDownload runs the rebuild path with a fake network serving the real RRLyrae.fit and a
// tiny synthetic catalogue.
func TestRunDownload(t *testing.T) {
	fit, err := os.ReadFile(sharedFile(t, fitsName))
	if err != nil {
		t.Fatal(err)
	}
	catalogue := gzipLines(t,
		catalogLine([5]string{"20.000", "19.000", "18.800", "18.700", "18.650"}), // kept
		catalogLine([5]string{"20.000", "19.500", "19.000", "19.000", "19.000"}), // u-g 0.5: cut
		catalogLine([5]string{"21.000", "20.000", "19.800", "19.700", "19.650"}), // kept
	)
	var calls []string
	fetch := func(_ context.Context, url string, w io.Writer) error {
		calls = append(calls, url)
		switch {
		case strings.HasPrefix(url, "https://github.com/astroML/astroML-data/raw/main/") && strings.HasSuffix(url, fitsName):
			_, err := w.Write(fit)
			return err
		case strings.HasSuffix(url, catalogName) && len(calls) > 2: // the main-branch URL "fails" first
			_, err := w.Write(catalogue)
			return err
		}
		return errors.New("404 Not Found")
	}
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	out := filepath.Join(dir, "rr.bin")
	args := []string{"-o", out, "-cache", cache}

	env, _, stderr := testEnv(dir, nil, fetch)
	if code := run(args, env); code != 1 {
		t.Fatalf("exit %d for a rebuilt table that is not the RR Lyrae table, want 1", code)
	}
	for _, w := range []string{"rows: 485, want 93141", "checksum"} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr does not mention %q:\n%s", w, stderr)
		}
	}
	if len(calls) != 3 {
		t.Errorf("fetched %v, want the fit once and the catalogue from its second URL", calls)
	}

	// The second run uses the cache: no fetch at all.
	calls = nil
	env, stdout, stderr := testEnv(dir, nil, fetch)
	if code := run(append(args, "-allow-other"), env); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(calls) != 0 {
		t.Errorf("fetched %v although both files were cached", calls)
	}
	d := decodeFile(t, out)
	if n0, n1 := d.Counts(); n0 != 2 || n1 != wantRRLyrae {
		t.Errorf("counts %d + %d, want 2 + %d", n0, n1, wantRRLyrae)
	}
	if !strings.HasPrefix(stdout.String(), out+": 485 rows, ") {
		t.Errorf("stdout %q", stdout)
	}
}

func TestEnsureCachedRejectsBadDownload(t *testing.T) {
	dir := t.TempDir()
	fetch := func(_ context.Context, _ string, w io.Writer) error {
		_, err := w.Write([]byte("not the file"))
		return err
	}
	_, err := ensureCached(context.Background(), dir, astroMLFiles[0], fetch, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("error %v, want a sha256 mismatch", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("cache holds %d entries after failed downloads, want 0", len(entries))
	}
}
