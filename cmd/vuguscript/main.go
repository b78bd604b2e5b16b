// Command vuguscript writes vugu's DOM renderer helper script (the constant
// jsHelperScript of github.com/vugu/vugu/domrender, the version go.mod pins)
// to a file, so the page can load it as a plain script. vugu evals that
// script when its renderer starts, which a Content-Security-Policy without
// 'unsafe-eval' forbids; the script begins with
// `if(window.vuguRender)return;`, so once it has run as a file the eval is a
// no-op, and assets/boot.js skips it (see there). That is what lets the page
// drop 'unsafe-eval'.
//
// Usage:
//
//	go run ./cmd/vuguscript -o dist/assets/vugu-render.js
package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Prefix is how the helper script starts; boot.js checks for it.
const Prefix = "(function(){if(window.vuguRender)return;"

func main() {
	out := flag.String("o", "vugu-render.js", "output file")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "vuguscript:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu").Output()
	if err != nil {
		return fmt.Errorf("finding the vugu module: %w", err)
	}
	file := filepath.Join(strings.TrimSpace(string(dir)), "domrender", "renderer-js-script.go")
	script, err := helperScript(file)
	if err != nil {
		return err
	}
	head := "// vugu's DOM renderer helper (github.com/vugu/vugu/domrender jsHelperScript),\n" +
		"// written by cmd/vuguscript at build time; see there.\n"
	return os.WriteFile(out, []byte(head+script+";\n"), 0o644)
}

// helperScript returns the value of the string constant jsHelperScript in
// the Go file at path, checking it starts with Prefix.
func helperScript(path string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return "", err
	}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != "jsHelperScript" || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", errors.New(path + ": jsHelperScript is not a string literal")
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return "", err
				}
				if !strings.HasPrefix(s, Prefix) || !strings.HasSuffix(s, "})()") {
					return "", fmt.Errorf("%s: jsHelperScript no longer looks like %s…})(); check assets/boot.js's eval guard", path, Prefix)
				}
				return s, nil
			}
		}
	}
	return "", errors.New(path + ": no constant jsHelperScript")
}
