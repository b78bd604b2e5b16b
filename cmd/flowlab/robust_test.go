package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestTrainDiverged: the run (MADE, learning rate 0.99, no
// standardisation) writes no model and exits 1 with a suggestion.
func TestTrainDiverged(t *testing.T) {
	dir := t.TempDir()
	src := gaussCSV(t, dir, "g.csv", 600, 120, 5)
	out := filepath.Join(dir, "m.json")
	r := runIn(context.Background(), dir, "train", "-class", "0", "-model", "made", "-preset", "quick", "-lr-start", "0.99", "-standardize=false", "-data", src, "-o", out)
	last := lastLine(r.stderr)
	if r.code != exitRuntime || !strings.Contains(last, "no model written: training diverged") || !strings.Contains(last, "Lower the learning rate (0.99") {
		t.Errorf("exit %d, last line %q", r.code, last)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a model was written: %v", err)
	}
	// The same data with the preset's settings trains fine.
	mustRun(t, "train", "-class", "0", "-model", "made", "-preset", "quick", "-data", src, "-o", out)
}

// TestTrainCSVMessages: a 10 MB header is not echoed, and the 200-column
// message names the -features flag, not the Go API.
func TestTrainCSVMessages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := write("huge.csv", strings.Repeat("x", 10<<20)+",b,label\n1,2,0\n")
	var cols, row []string
	for i := range 200 {
		cols, row = append(cols, fmt.Sprintf("c%d", i)), append(row, "1")
	}
	wide := write("wide.csv", strings.Join(cols, ",")+",label\n"+strings.Join(row, ",")+",0\n"+strings.Join(row, ",")+",1\n")
	long := write("long.csv", strings.Repeat("n", 5000)+",b,label\n1,2,0\n")
	for _, tc := range []struct {
		path, want string
	}{
		{huge, "line too long"},
		{long, "name too long"},
		{wide, "200 feature columns, at most 8 are allowed; choose some of them (choose the feature columns with -features a,b,c)"},
	} {
		r := runIn(context.Background(), dir, "train", "-class", "0", "-data", tc.path)
		if r.code != exitRuntime || !strings.Contains(r.stderr, tc.want) || len(r.stderr) > 400 || strings.Contains(r.stderr, "CSVOptions") {
			t.Errorf("%s: exit %d, stderr (%d bytes) %.400q", filepath.Base(tc.path), r.code, len(r.stderr), r.stderr)
		}
	}
}

// TestPanicExitStatus: a panic in a command exits with the internal-error
// status, not 2 (usage), and says it is a bug.
func TestPanicExitStatus(t *testing.T) {
	var errb strings.Builder
	e := env{stdout: io.Discard, stderr: &errb, getenv: func(string) string { return "" }}
	boom := &command{name: "boom", run: func(context.Context, []string, env) error { panic("index out of range [3]") }}
	code := exitStatus(boom.name, runCaught(context.Background(), boom, nil, e), e)
	if code != exitInternal || code == exitUsage || !strings.Contains(errb.String(), "internal error") || !strings.Contains(errb.String(), "index out of range") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestScorePair: score reads the classifier the page exports (flowlab-pair/1)
// and prints what -model/-model2 print for its two flows; a hostile classifier
// is refused with a message.
func TestScorePair(t *testing.T) {
	dir := t.TempDir()
	src := gaussCSV(t, dir, "g.csv", 300, 60, 6)
	var models [2]*flow.Model
	var paths [2]string
	for c := range 2 {
		paths[c] = filepath.Join(dir, fmt.Sprintf("m%d.json", c))
		mustRun(t, "train", "-class", fmt.Sprint(c), "-preset", "quick", "-epochs", "2", "-data", src, "-o", paths[c])
		models[c], _ = readModel(t, paths[c])
	}
	pairPath := filepath.Join(dir, "pair.json")
	p := experiment.NewPair("quick", 1, models[0].Features, "", models)
	if err := writeFile(pairPath, func(w io.Writer) error { return experiment.WritePair(w, p) }); err != nil {
		t.Fatal(err)
	}
	want := mustRun(t, "score", "-model", paths[0], "-model2", paths[1], "-data", src)
	got := mustRun(t, "score", "-model", pairPath, "-data", src)
	if got.stdout != want.stdout || got.stderr != want.stderr || !strings.HasPrefix(got.stdout, "index,label,lnp,lnp2,t\n") {
		t.Errorf("pair scores differ from the two models' (%d vs %d bytes); stderr %q vs %q", len(got.stdout), len(want.stdout), got.stderr, want.stderr)
	}
	if r := runIn(context.Background(), dir, "score", "-model", pairPath, "-model2", paths[1], "-data", src); r.code != exitUsage {
		t.Errorf("pair and -model2: exit %d, %q", r.code, r.stderr)
	}
	hostile := filepath.Join(dir, "hostile.json")
	m := `{"format":"flowlab-model/1","config":{"model":"made","dim":64,"layers":64,"hidden":16,"units":4096},"params":[]}`
	os.WriteFile(hostile, []byte(`{"format":"flowlab-pair/1","features":["u_g"],"background":`+m+`,"rrlyrae":`+m+`}`), 0o644)
	if r := runIn(context.Background(), dir, "score", "-model", hostile, "-data", src); r.code != exitRuntime || !strings.Contains(r.stderr, "0 parameters, the configuration") {
		t.Errorf("hostile pair: exit %d, %q", r.code, r.stderr)
	}
}

// TestScoreDialects: score and train read a semicolon file with decimal
// commas, quoted fields and text labels chosen with -signal.
func TestScoreDialects(t *testing.T) {
	dir := t.TempDir()
	src := gaussCSV(t, dir, "g.csv", 300, 60, 7)
	d := readCSV(t, src)
	var b strings.Builder
	b.WriteString("\"\";\"g_r\";\"u_g\";\"i_z\";\"r_i\";\"type\"\r\n")
	for i := range d.Len() {
		x := d.Row(i)
		typ := "star"
		if d.Y[i] == 1 {
			typ = "RRLyrae"
		}
		comma := func(v float64) string { return strings.Replace(fmt.Sprint(v), ".", ",", 1) }
		fmt.Fprintf(&b, "\"%d\";%s;%s;%s;%s;%s\r\n", i+1, comma(x[1]), comma(x[0]), comma(x[3]), comma(x[2]), typ)
	}
	euro := filepath.Join(dir, "euro.csv")
	os.WriteFile(euro, []byte(b.String()), 0o644)
	model := filepath.Join(dir, "m.json")
	mustRun(t, "train", "-class", "1", "-preset", "quick", "-epochs", "2", "-data", src, "-o", model)
	want := mustRun(t, "score", "-model", model, "-data", src)
	got := mustRun(t, "score", "-model", model, "-label", "type", "-signal", "RRLyrae", "-data", euro)
	if got.stdout != want.stdout {
		t.Errorf("scores of the semicolon file differ from the plain file's")
	}
	if r := runIn(context.Background(), dir, "train", "-class", "1", "-label", "type", "-data", euro); r.code != exitRuntime ||
		!strings.Contains(r.stderr, `"star" (300 rows)`) || !strings.Contains(r.stderr, `"RRLyrae" (60 rows)`) || !strings.Contains(r.stderr, "-signal") {
		t.Errorf("no -signal: exit %d, %q", r.code, r.stderr)
	}
	mustRun(t, "train", "-class", "1", "-preset", "quick", "-epochs", "2", "-label", "type", "-signal", "RRLyrae", "-data", euro, "-o", model)
}
