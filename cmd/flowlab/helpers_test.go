package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
)

// gaussCSV writes a labelled 4-D table to dir/name: n0 background rows from
// N(0, I) and n1 signal rows from N((3, 3, −3, 3), 0.5²·I), interleaved, with
// the RR Lyrae header. The class means are 12 background standard deviations
// apart, so any sensible density classifier separates them almost perfectly.
func gaussCSV(t testing.TB, dir, name string, n0, n1 int, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	var b strings.Builder
	b.WriteString("u_g,g_r,r_i,i_z,label\n")
	mean := []float64{3, 3, -3, 3}
	every, ns := (n0+n1)/n1, 0
	for i := range n0 + n1 {
		y := 0
		if (i%every == 0 && ns < n1) || n0+n1-i <= n1-ns {
			y = 1
			ns++
		}
		for j := range 4 {
			v := rng.NormFloat64()
			if y == 1 {
				v = mean[j] + 0.5*v
			}
			fmt.Fprintf(&b, "%.6f,", v)
		}
		fmt.Fprintf(&b, "%d\n", y)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// result is what one command run produced.
type result struct {
	stdout, stderr string
	code           int
}

// runIn runs flowlab with args in ctx, with the working directory cwd and no
// environment variables.
func runIn(ctx context.Context, cwd string, args ...string) result {
	var out, errb bytes.Buffer
	code := run(ctx, args, env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, cwd: cwd})
	return result{out.String(), errb.String(), code}
}

// mustRun runs flowlab in a temporary directory and fails the test unless
// it exits 0.
func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := runIn(context.Background(), t.TempDir(), args...)
	if r.code != 0 {
		t.Fatalf("flowlab %s: exit %d\nstderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// readCSV parses a labelled CSV the way the commands do.
func readCSV(t testing.TB, path string) *data.Dataset {
	t.Helper()
	d, err := loadData(path, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readModel loads a saved model.
func readModel(t testing.TB, path string) (*flow.Model, *flow.Flow) {
	t.Helper()
	m, f, err := readModelFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return m, f
}
