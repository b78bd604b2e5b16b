package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestHelperScript(t *testing.T) {
	good := Prefix + "window.vuguRender=function(){}})()"
	tests := []struct {
		name, src string
		want      string // "" means an error is expected
	}{
		{"the constant", "package domrender\n\nconst jsHelperScript = " + strconv.Quote(good) + "\n", good},
		{"in a const block", "package domrender\n\nconst (\n\tother = 1\n\tjsHelperScript = " + strconv.Quote(good) + "\n)\n", good},
		{"changed shape", "package domrender\n\nconst jsHelperScript = \"window.x=1\"\n", ""},
		{"missing", "package domrender\n\nconst other = \"x\"\n", ""},
		{"not a literal", "package domrender\n\nconst jsHelperScript = other\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.go")
			if err := os.WriteFile(p, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := helperScript(p)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("no error, got %q", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
