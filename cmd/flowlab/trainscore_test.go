package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// tinyModel writes an untrained 4-feature Real NVP with the RR Lyrae feature
// names to dir/tiny.json.
func tinyModel(t *testing.T, dir string) string {
	t.Helper()
	f, err := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 4, Layers: 2, Hidden: 1, Units: 4}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	m := f.Model()
	m.Features = []string{"u_g", "g_r", "r_i", "i_z"}
	path := filepath.Join(dir, "tiny.json")
	if err := writeFile(path, func(w io.Writer) error { return flow.WriteModel(w, m) }); err != nil {
		t.Fatal(err)
	}
	return path
}

// readScores parses score's CSV output into its header and float columns.
func readScores(t *testing.T, text string) ([]string, [][]float64) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]float64, len(recs)-1)
	for i, rec := range recs[1:] {
		for _, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			rows[i] = append(rows[i], v)
		}
	}
	return recs[0], rows
}

// TestTrainScoreRoundTrip trains both class flows with train, checks they
// equal the flows reproduce saved for the same seed, and checks that score
// prints exactly the ln p computed here from the loaded models.
func TestTrainScoreRoundTrip(t *testing.T) {
	f := small(t)
	dir := t.TempDir()
	d := readCSV(t, f["csv"])
	var paths [2]string
	var flows [2]*flow.Flow
	for c := range 2 {
		paths[c] = filepath.Join(dir, fmt.Sprintf("m%d.json", c))
		r := mustRun(t, "train", "-class", strconv.Itoa(c), "-preset", "quick", "-seed", "3", "-data", f["csv"], "-o", paths[c])
		if !strings.Contains(r.stderr, "wrote "+paths[c]) {
			t.Errorf("train stderr: %s", r.stderr)
		}
		m, fl := readModel(t, paths[c])
		flows[c] = fl
		want, _ := readModel(t, filepath.Join(f["out"], []string{"background.json", "rrlyrae.json"}[c]))
		if !slices.Equal(m.Params, want.Params) || !slices.Equal(m.Shift, want.Shift) || !slices.Equal(m.Scale, want.Scale) ||
			len(m.History) != len(want.History) || m.Class != c {
			t.Errorf("class %d: train's model differs from reproduce's (%d vs %d epochs)", c, len(m.History), len(want.History))
		}
	}

	r := mustRun(t, "score", "-model", paths[0], "-model2", paths[1], "-data", f["csv"])
	header, rows := readScores(t, r.stdout)
	if strings.Join(header, ",") != "index,label,lnp,lnp2,t" || len(rows) != d.Len() {
		t.Fatalf("header %v, %d rows; want index,label,lnp,lnp2,t and %d", header, len(rows), d.Len())
	}
	n := d.Len()
	var lp [2][]float64
	for c := range 2 {
		lp[c] = make([]float64, n)
		flows[c].LogProb(lp[c], d.X, n) // all rows in one call
	}
	tt := make([]float64, n)
	for i, row := range rows {
		tt[i] = lp[0][i] - lp[1][i]
		if int(row[0]) != i || int(row[1]) != d.Y[i] || row[2] != lp[0][i] || row[3] != lp[1][i] || row[4] != tt[i] {
			t.Fatalf("row %d: %v; want label %d lnp %v lnp2 %v", i, row, d.Y[i], lp[0][i], lp[1][i])
		}
	}
	rep := experiment.Evaluate(tt, d.Y, 0, 0)
	want := fmt.Sprintf("ROC AUC %s, accuracy at t = 0 %s", f4(rep.AUC), f4(rep.AtZero.Accuracy))
	if !strings.Contains(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("score summary %q, want one line with %q", r.stderr, want)
	}
	// Swapping the models flips t and lnp but not the summary.
	r2 := mustRun(t, "score", "-model", paths[1], "-model2", paths[0], "-data", f["csv"])
	if !strings.Contains(r2.stderr, want) {
		t.Errorf("swapped summary %q, want %q", r2.stderr, want)
	}
}

// TestScoreUnlabelled scores a file without a label column whose feature
// columns are in another order, with an extra column, and a saved model
// written to stdout by train -o -.
func TestScoreUnlabelled(t *testing.T) {
	dir := t.TempDir()
	src := gaussCSV(t, dir, "g.csv", 300, 60, 4)
	r := mustRun(t, "train", "-class", "1", "-preset", "quick", "-epochs", "2", "-data", src, "-o", "-")
	modelPath := filepath.Join(dir, "m.json")
	if err := os.WriteFile(modelPath, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fl := readModel(t, modelPath)

	d := readCSV(t, src)
	var b strings.Builder
	b.WriteString("i_z, note ,u_g,r_i,g_r\r\n")
	for i := range d.Len() {
		x := d.Row(i)
		fmt.Fprintf(&b, "%v,star %d,%v,%v,%v\r\n", x[3], i, x[0], x[2], x[1])
	}
	b.WriteString("\n\n")
	path := filepath.Join(dir, "unlabelled.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, "score", "-model", modelPath, "-data", path)
	header, rows := readScores(t, r.stdout)
	if strings.Join(header, ",") != "index,lnp" || len(rows) != d.Len() || r.stderr != "" {
		t.Fatalf("header %v, %d rows, stderr %q", header, len(rows), r.stderr)
	}
	lp := make([]float64, d.Len())
	fl.LogProb(lp, d.X, d.Len())
	for i, row := range rows {
		if row[1] != lp[i] {
			t.Fatalf("row %d: lnp %v, want %v", i, row[1], lp[i])
		}
	}
}
