package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowlab/flow"
)

// seedsOut is the part of "reproduce -seeds -json" the tests read.
type seedsOut struct {
	Runs    []reproduceOut
	Summary struct {
		Seeds     []uint64
		Flow, GMM map[string]struct {
			Mean, Std float64
			N         int
		}
	}
}

// TestReproduceSeeds runs two seeds in parallel and checks that each run
// equals the single-seed run of its seed, that the summary is the mean and
// standard deviation of the runs, and that every metric is reported.
func TestReproduceSeeds(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1500, 250, 5)
	r := mustRun(t, "reproduce", "-preset", "quick", "-seeds", "3,5", "-jobs", "2", "-json", "-data", path, "-o", filepath.Join(dir, "out"))
	var out seedsOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(out.Runs) != 2 || len(out.Summary.Seeds) != 2 || out.Summary.Seeds[0] != 3 || out.Summary.Seeds[1] != 5 {
		t.Fatalf("%d runs, seeds %v", len(out.Runs), out.Summary.Seeds)
	}
	for i, seed := range []string{"3", "5"} {
		single, _ := decodeReport(t, mustRun(t, "reproduce", "-preset", "quick", "-seed", seed, "-json", "-data", path).stdout)
		got := out.Runs[i]
		if got.Seed != single.Seed || got.AUC != single.AUC || got.AveragePrecision != single.AveragePrecision || got.GMM.AUC != single.GMM.AUC {
			t.Errorf("seed %s: run in parallel gives AUC %v/%v (GMM %v), alone %v/%v (GMM %v)", seed,
				got.AUC, got.AveragePrecision, got.GMM.AUC, single.AUC, single.AveragePrecision, single.GMM.AUC)
		}
		if _, err := os.Stat(filepath.Join(dir, "out", "seed-"+seed, "scores.csv")); err != nil {
			t.Errorf("seed %s: %v", seed, err)
		}
	}
	a, b := out.Runs[0].AUC, out.Runs[1].AUC
	auc := out.Summary.Flow["auc"]
	if math.Abs(auc.Mean-(a+b)/2) > 1e-12 || math.Abs(auc.Std-math.Abs(a-b)/math.Sqrt2) > 1e-12 || auc.N != 2 {
		t.Errorf("summary AUC %+v for runs %v and %v", auc, a, b)
	}
	for _, m := range seedMetrics {
		for name, s := range map[string]map[string]struct {
			Mean, Std float64
			N         int
		}{"flow": out.Summary.Flow, "gmm": out.Summary.GMM} {
			if st, ok := s[m.key]; !ok || st.N != 2 {
				t.Errorf("%s summary of %s: %+v (present %v)", name, m.key, st, ok)
			}
		}
	}
	// A well-separated toy: both classifiers find every signal star cleanly,
	// and the NLLs are finite.
	if c := out.Summary.Flow["completeness_at_contamination_0.1"].Mean; c < 0.9 {
		t.Errorf("flow completeness at contamination ≤ 0.1: %g", c)
	}
	if nll := out.Summary.GMM["nll_rrlyrae"].Mean; math.IsNaN(nll) || math.IsInf(nll, 0) {
		t.Errorf("GMM RR Lyrae NLL %g", nll)
	}
}

// TestReproduceSeedsText checks the text tables: one row per seed and
// classifier, and the mean ± std rows, in every table.
func TestReproduceSeedsText(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1000, 200, 6)
	r := mustRun(t, "reproduce", "-model", "spline", "-preset", "quick", "-seeds", "1-2", "-data", path)
	for _, want := range []string{"ROC AUC", "C@≤0.2", "correct prior", "NLL RR", "spline"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "mean ± std"); n != 6 {
		t.Errorf("%d mean ± std rows, want 6 (flow and GMM in three tables):\n%s", n, r.stdout)
	}
	if n := strings.Count(r.stderr, "seed "); n < 2 {
		t.Errorf("stderr has %d seed lines:\n%s", n, r.stderr)
	}
}

// TestReproduceSetupFile runs a setup read from a file: a spline flow with
// a trained mixture base.
func TestReproduceSetupFile(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1000, 200, 7)
	setup := `{"preset":"mine","config":{"model":"spline","layers":2,"hidden":1,"units":8,"bins":6,"tail_bound":3,"base":"gmm","train_base":true},
	"settings":[{"BatchSize":200,"MaxEpochs":2,"Standardize":true},{"BatchSize":50,"MaxEpochs":3,"Standardize":true,"WeightDecay":1e-4,"Noise":0.05}]}`
	sp := filepath.Join(dir, "setup.json")
	if err := os.WriteFile(sp, []byte(setup), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := decodeReport(t, mustRun(t, "reproduce", "-setup", sp, "-json", "-data", path).stdout)
	c := out.Setup.Config
	if out.Model != flow.ModelSpline || out.Preset != "mine" || c.Base != flow.BaseGMM || !c.TrainBase || c.Dim != 4 || out.Setup.Settings[1].Noise != 0.05 {
		t.Errorf("model %s preset %s config %+v", out.Model, out.Preset, c)
	}
	if out.AUC < 0.9 {
		t.Errorf("AUC %g", out.AUC)
	}
	for _, bad := range []string{`{"config":{"model":"glow"}}`, `{`, `{"config":{"model":"made","dim":3,"layers":1,"hidden":1,"units":2}}`} {
		if err := os.WriteFile(sp, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := runIn(t.Context(), dir, "reproduce", "-setup", sp, "-data", path); r.code == 0 {
			t.Errorf("setup %s accepted", bad)
		}
	}
	if r := runIn(t.Context(), dir, "reproduce", "-seeds", "4-2", "-data", path); r.code != exitUsage || !strings.Contains(r.stderr, "4-2") {
		t.Errorf("-seeds 4-2: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestReproduceMembers trains ensembles (-members): the report says so, the
// saved flows hold every member, scores.csv's densities are the saved
// ensembles', and a count out of range is a usage error.
func TestReproduceMembers(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1200, 200, 12)
	out := filepath.Join(dir, "out")
	r := mustRun(t, "reproduce", "-preset", "quick", "-model", "made", "-seeds", "3", "-members", "2", "-jobs", "1", "-o", out, "-data", path)
	if !strings.Contains(r.stdout, "an ensemble of 2 per class") {
		t.Errorf("the report does not name the ensemble:\n%s", r.stdout)
	}
	scores := readCSV(t, filepath.Join(out, "seed-3", "scores.csv"))
	for c, name := range []string{"background.json", "rrlyrae.json"} {
		m, f := readModel(t, filepath.Join(out, "seed-3", name))
		if len(m.Members) != 1 || len(f.Members()) != 2 || m.Settings.Members != 2 {
			t.Fatalf("%s: %d other members, settings %d; want an ensemble of 2", name, len(m.Members), m.Settings.Members)
		}
		// scores.csv has index, label, lnp0, lnp1, t, t_gmm (the label is
		// read as the label, the rest as features); rebuild each evaluated
		// row from the data by its index.
		all := readCSV(t, path)
		n := scores.Len()
		x := make([]float64, 0, n*all.Dim)
		for i := range n {
			row := int(scores.X[i*scores.Dim])
			x = append(x, all.X[row*all.Dim:(row+1)*all.Dim]...)
		}
		lp := make([]float64, n)
		f.LogProb(lp, x, n)
		for i := range n {
			if got := scores.X[i*scores.Dim+1+c]; math.Abs(got-lp[i]) > 1e-9*(1+math.Abs(lp[i])) {
				t.Fatalf("%s, row %d: scores.csv has %v, the saved ensemble gives %v", name, i, got, lp[i])
			}
		}
	}
	for _, k := range []string{"9", "-1"} {
		r := runIn(context.Background(), dir, "reproduce", "-preset", "quick", "-seeds", "3", "-members", k, "-data", path)
		if r.code != exitUsage || !strings.Contains(r.stderr, "1 to 8 flows per class") {
			t.Errorf("-members %s: exit %d, stderr %q", k, r.code, r.stderr)
		}
	}
}
