package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if f, err := reproduceSmall(); err == nil {
		os.RemoveAll(f["dir"])
	}
	os.Exit(code)
}

// TestHelp checks the overview and that every command's usage explains each
// of its flags.
func TestHelp(t *testing.T) {
	if r := runIn(context.Background(), t.TempDir()); r.code != exitUsage || !strings.Contains(r.stderr, "usage: flowlab <command>") || r.stdout != "" {
		t.Errorf("no arguments: exit %d, stdout %q; want %d and the overview on stderr", r.code, r.stdout, exitUsage)
	}
	r := mustRun(t, "help")
	for _, c := range commands() {
		if !strings.Contains(r.stdout, "  "+c.name+" ") {
			t.Errorf("overview does not list %s", c.name)
		}
		for _, args := range [][]string{{"help", c.name}, {c.name, "-h"}} {
			r := mustRun(t, args...)
			if !strings.HasPrefix(r.stdout, "usage: flowlab "+c.name) {
				t.Errorf("%v: usage starts %.40q", args, r.stdout)
			}
			c.flags().VisitAll(func(f *flag.Flag) {
				if !strings.Contains(r.stdout, "\n  -"+f.Name) || f.Usage == "" {
					t.Errorf("%v: flag -%s is not explained", args, f.Name)
				}
			})
		}
	}
	for _, line := range strings.Split(mustRun(t, "help", "reproduce").stdout, "\n") {
		if n := len([]rune(line)); n > 80 && !strings.HasPrefix(line, "usage:") {
			t.Errorf("help line of %d runes: %q", n, line)
		}
	}
}

// TestBadInput checks that every bad input gives one line on stderr that
// says what is wrong, and the exit status for its kind (2 usage, 1 runtime).
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := gaussCSV(t, dir, "good.csv", 300, 60, 1)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badNumber := write("bad.csv", "u_g,g_r,label\n1,2,0\n1,x2,1\n")
	badLabel := write("label.csv", "u_g,g_r,label\n1,2,0\n1,2,7\n")
	otherCols := write("other.csv", "a,b,c,d,label\n1,2,3,4,0\n")
	garbage := write("garbage.json", "{not json")
	missing := filepath.Join(dir, "missing.csv")

	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"reproduce", "-model", "glow"}, exitUsage, `invalid value "glow" for flag -model: must be realnvp, made or spline`},
		{[]string{"reproduce", "-preset", "fast"}, exitUsage, `invalid value "fast" for flag -preset: must be paper or quick`},
		{[]string{"reproduce", "-split", "90/10"}, exitUsage, `-split: must be paper or astroml`},
		{[]string{"reproduce", "-decay", "exp"}, exitUsage, `-decay: must be run or step`},
		{[]string{"reproduce", "-seed", "abc"}, exitUsage, `invalid value "abc" for flag -seed`},
		{[]string{"reproduce", "-bogus"}, exitUsage, "flag provided but not defined: -bogus"},
		{[]string{"reproduce", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"reproduce", "-preset", "quick"}, exitRuntime, "no data file: pass -data PATH or set RRLYRAE_CSV"},
		{[]string{"reproduce", "-preset", "quick", "-data", missing}, exitRuntime, "open " + missing + ": "},
		{[]string{"reproduce", "-preset", "quick", "-data", badNumber}, exitRuntime, `bad.csv: data: line 3, column "g_r": not a number: "x2"`},
		{[]string{"reproduce", "-preset", "quick", "-data", badLabel}, exitRuntime, `line 3, column "label": label is not 0 or 1`},
		{[]string{"train", "-data", good}, exitUsage, "-class is required"},
		{[]string{"train", "-class", "2", "-data", good}, exitUsage, "-class must be 0 (background) or 1 (signal), got 2"},
		{[]string{"train", "-class", "0", "-layers", "0", "-data", good}, exitUsage, "invalid configuration"},
		{[]string{"train", "-class", "0", "-epochs", "0", "-data", good}, exitUsage, "-epochs must be at least 1"},
		{[]string{"train", "-class", "0", "-lr-start", "2", "-data", good}, exitUsage, "learning rates must lie in (0, 1)"},
		{[]string{"train", "-class", "0", "-features", "u_g,nope", "-data", good}, exitRuntime, `column "nope": missing column`},
		{[]string{"score", "-data", good}, exitUsage, "-model is required"},
		{[]string{"score", "-model", missing, "-data", good}, exitRuntime, "open " + missing + ": "},
		{[]string{"score", "-model", garbage, "-data", good}, exitRuntime, "garbage.json: flow: invalid model file"},
		{[]string{"score", "-model", tinyModel(t, dir), "-data", otherCols}, exitRuntime, `other.csv: data: line 1, column "u_g": missing column`},
		{[]string{"score", "-model", tinyModel(t, dir), "-data", badNumber}, exitRuntime, `line 1, column "r_i": missing column`},
	}
	for _, tc := range tests {
		r := runIn(context.Background(), dir, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("flowlab %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
			continue
		}
		if lines := strings.Count(r.stderr, "\n"); lines != 1 {
			t.Errorf("flowlab %s: %d lines on stderr, want 1:\n%s", strings.Join(tc.args, " "), lines, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("flowlab %s: wrote to stdout: %q", strings.Join(tc.args, " "), r.stdout)
		}
	}
}

// TestDataPath checks where the data come from when -data is not given.
func TestDataPath(t *testing.T) {
	// tmp/shared/data/rrlyrae/rrlyrae_combined.csv beside tmp/repo (module flowlab).
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	sub := filepath.Join(repo, "cmd", "flowlab")
	shared := filepath.Join(tmp, "shared", "data", "rrlyrae", "rrlyrae_combined.csv")
	for _, d := range []string{sub, filepath.Dir(shared)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for p, text := range map[string]string{filepath.Join(repo, "go.mod"): "// c\nmodule flowlab\n\ngo 1.26\n", shared: "x"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	noEnv := func(string) string { return "" }
	withEnv := func(k string) string {
		if k == "RRLYRAE_CSV" {
			return "/env.csv"
		}
		return ""
	}
	tests := []struct {
		flag   string
		getenv func(string) string
		cwd    string
		want   string // "" means an error
	}{
		{"/flag.csv", withEnv, sub, "/flag.csv"},
		{"", withEnv, sub, "/env.csv"},
		{"", noEnv, repo, shared}, // ../shared relative to the working directory
		{"", noEnv, sub, shared},  // found through the repository root
		{"", noEnv, tmp, ""},      // no go.mod above, nothing at ../shared
	}
	for _, tc := range tests {
		got, err := dataPath(tc.flag, env{getenv: tc.getenv, cwd: tc.cwd})
		if tc.want == "" {
			if err == nil {
				t.Errorf("flag %q cwd %s: got %s, want an error", tc.flag, tc.cwd, got)
			}
			continue
		}
		if err != nil || filepath.Clean(got) != tc.want {
			t.Errorf("flag %q cwd %s: got %q, %v; want %s", tc.flag, tc.cwd, got, err, tc.want)
		}
	}
}
