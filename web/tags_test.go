package main

import (
	"go/build/constraint"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildTags checks, in every package of web/, that browser glue
// (*_js.go) is constrained to js && wasm and that each native twin
// (*_other.go) has the exact complement, so every function exists in
// exactly one build; and that browser glue lives only in web/browser (and
// the root's main), with at most two native stubs in the whole tree.
func TestBuildTags(t *testing.T) {
	var files []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tags := []map[string]bool{
		{"js": true, "wasm": true},
		{"linux": true, "amd64": true},
		{"js": true},
		{"wasm": true},
	}
	checked, stubs := 0, 0
	for _, name := range files {
		// The browser is crossed in web/browser; the root package's main
		// (it mounts vugu's DOM renderer) is the only other browser code.
		if dir := filepath.Dir(name); strings.HasSuffix(name, "_js.go") && dir != "browser" && dir != "." {
			t.Errorf("%s: browser glue outside web/browser (views are plain Go against browser.Page)", name)
		}
		if strings.HasSuffix(name, "_other.go") {
			stubs++
		}
		var wantIn func(map[string]bool) bool
		switch {
		case strings.HasSuffix(name, "_js.go"):
			wantIn = func(m map[string]bool) bool { return m["js"] && m["wasm"] }
		case strings.HasSuffix(name, "_other.go"):
			wantIn = func(m map[string]bool) bool { return !(m["js"] && m["wasm"]) }
		default:
			continue
		}
		expr := buildConstraint(t, name)
		if expr == nil {
			t.Errorf("%s has no //go:build line", name)
			continue
		}
		for _, m := range tags {
			if got := expr.Eval(func(tag string) bool { return m[tag] }); got != wantIn(m) {
				t.Errorf("%s: %q with tags %v = %v, want %v", name, expr, m, got, wantIn(m))
			}
		}
		checked++
	}
	if stubs > 2 {
		t.Errorf("%d build-tag stub files (*_other.go) in web/, want at most 2: use browser.Page and its Fake", stubs)
	}
	if checked < 2 {
		t.Errorf("checked %d tagged files, expected the _js.go/_other.go pairs", checked)
	}
}

// buildConstraint returns the //go:build expression of a Go file, or nil.
func buildConstraint(t *testing.T, name string) constraint.Expr {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		if constraint.IsGoBuild(line) {
			expr, err := constraint.Parse(line)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return expr
		}
	}
	return nil
}
