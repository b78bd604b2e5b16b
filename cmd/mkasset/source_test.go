package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFindRepoRoot(t *testing.T) {
	tmp := t.TempDir()
	mk := func(rel, gomod string) string {
		dir := filepath.Join(tmp, rel)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if gomod != "" {
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	root := mk("repo", "// comment\nmodule flowlab\n\ngo 1.26.8\n")
	deep := mk("repo/cmd/mkasset", "")
	nested := mk("repo/tools/other", "module example.com/other\n")
	if got, ok := findRepoRoot(deep); !ok || got != root {
		t.Errorf("findRepoRoot(deep) = %q, %v; want %q", got, ok, root)
	}
	if got, ok := findRepoRoot(nested); !ok || got != root {
		t.Errorf("findRepoRoot skips other modules: got %q, %v", got, ok)
	}
	want := []string{filepath.Join(deep, sharedRel), filepath.Join(root, sharedRel)}
	if got := sharedCandidates(deep); !slices.Equal(got, want) {
		t.Errorf("sharedCandidates(deep) = %q, want %q", got, want)
	}
	if got := sharedCandidates(root); !slices.Equal(got, want[1:]) {
		t.Errorf("sharedCandidates(root) = %q, want %q (no repeats)", got, want[1:])
	}
}

func TestModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"module flowlab\n":             "flowlab",
		"  module \"flowlab\"  \n":     "flowlab",
		"go 1.26\nmodule a/b\n":        "a/b",
		"// module flowlab\ngo 1.26\n": "",
	} {
		if got := modulePath([]byte(in)); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", in, got, want)
		}
	}
}
