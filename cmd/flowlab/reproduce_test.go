package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"gonum.org/v1/gonum/floats"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/eval"
	"flowlab/flow/experiment"
)

// metricKeys are the keys every metrics object of reproduce -json has
// (issue 2 and the CLI brief).
var metricKeys = []string{"accuracy", "false_positive", "false_negative", "completeness", "contamination", "auc", "average_precision"}

// topKeys are the other keys the brief requires at the top level.
var topKeys = []string{"ks", "epochs", "seconds", "gmm", "prior_cut", "model", "preset", "seed", "reasons", "loss_history"}

// reproduceOut is the part of the JSON report the tests read.
type reproduceOut struct {
	Model, Preset, Split string
	EvalSet              string `json:"eval_set"`
	Seed                 uint64
	DataChecksum         string `json:"data_checksum"`
	Rows                 struct{ Data, Train, Test, Eval [2]int }
	KS                   []float64
	metricsOut
	PriorCut metricsOut `json:"prior_cut"`
	GMM      struct {
		metricsOut
		PriorCut metricsOut `json:"prior_cut"`
		Error    string
	}
	Epochs      [2]int
	MaxEpochs   [2]int `json:"max_epochs"`
	Reasons     [2]string
	Seconds     float64
	LossHistory [2][]flow.EpochStats `json:"loss_history"`
	Setup       experiment.Setup
	Cancelled   bool
}

type metricsOut struct {
	Cut, Accuracy, Completeness, Contamination, AUC float64
	FalsePositive                                   float64 `json:"false_positive"`
	FalseNegative                                   float64 `json:"false_negative"`
	AveragePrecision                                float64 `json:"average_precision"`
	TP, FP, TN, FN                                  int
}

// decodeReport checks that stdout is exactly one JSON object with every
// required key and decodes it.
func decodeReport(t *testing.T, stdout string) (reproduceOut, map[string]any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatal("stdout holds more than one JSON value")
	}
	for _, k := range append(append([]string{}, metricKeys...), topKeys...) {
		if _, ok := raw[k]; !ok {
			t.Errorf("JSON has no key %q", k)
		}
	}
	for _, obj := range []string{"gmm", "prior_cut"} {
		m, _ := raw[obj].(map[string]any)
		for _, k := range metricKeys {
			if _, ok := m[k]; !ok {
				t.Errorf("JSON %s has no key %q", obj, k)
			}
		}
	}
	var out reproduceOut
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out, raw
}

// reproduceSmall runs the quick preset on a small well-separated table once
// and shares the result between tests.
var reproduceSmall = sync.OnceValues(func() (map[string]string, error) {
	dir, err := os.MkdirTemp("", "flowlab-test")
	if err != nil {
		return nil, err
	}
	files := map[string]string{"dir": dir, "out": filepath.Join(dir, "out")}
	files["csv"] = gaussCSV(nopTB{}, dir, "gauss.csv", 2000, 300, 5)
	r := runIn(context.Background(), dir, "reproduce", "-preset", "quick", "-seed", "3", "-json", "-data", files["csv"], "-o", files["out"])
	files["stdout"], files["stderr"], files["code"] = r.stdout, r.stderr, strconv.Itoa(r.code)
	return files, nil
})

// nopTB lets gaussCSV run outside a test.
type nopTB struct{ testing.TB }

func (nopTB) Helper()           {}
func (nopTB) Fatal(args ...any) { panic(args) }

func small(t *testing.T) map[string]string {
	t.Helper()
	f, err := reproduceSmall()
	if err != nil {
		t.Fatal(err)
	}
	if f["code"] != "0" {
		t.Fatalf("reproduce exit %s\n%s", f["code"], f["stderr"])
	}
	return f
}

// TestReproduceJSON checks the JSON report of the quick preset on two
// well-separated Gaussians against numbers computed here from the same data.
func TestReproduceJSON(t *testing.T) {
	f := small(t)
	out, _ := decodeReport(t, f["stdout"])
	d := readCSV(t, f["csv"])

	if out.Model != flow.ModelRealNVP || out.Preset != experiment.PresetQuick || out.Seed != 3 || out.EvalSet != "validation" {
		t.Errorf("model/preset/seed/eval set = %s/%s/%d/%s", out.Model, out.Preset, out.Seed, out.EvalSet)
	}
	if out.DataChecksum != d.Checksum() {
		t.Errorf("data_checksum %s, want %s", out.DataChecksum, d.Checksum())
	}
	// Table I is computed on the full data set (flow/eval is the source).
	wantKS := eval.KSPerFeature(d.X, d.Dim, d.Y)
	if len(out.KS) != 4 {
		t.Fatalf("ks has %d values, want 4", len(out.KS))
	}
	for i := range wantKS {
		if math.Abs(out.KS[i]-wantKS[i]) > 1e-12 {
			t.Errorf("ks[%d] = %v, want %v", i, out.KS[i], wantKS[i])
		}
	}
	// The split is the experiment package's for seed 3.
	split := experiment.SplitData(d, data.PaperSplit, 3)
	if got, want := out.Rows.Eval, counts(split.Valid); got != want {
		t.Errorf("rows.eval = %v, want %v", got, want)
	}
	// Means 12σ apart: both classifiers must rank almost perfectly.
	if out.AUC < 0.9 || out.GMM.AUC < 0.9 {
		t.Errorf("AUC flow %.4f, GMM %.4f; want > 0.9", out.AUC, out.GMM.AUC)
	}
	for name, m := range map[string]metricsOut{"cut 0": out.metricsOut, "prior": out.PriorCut, "gmm": out.GMM.metricsOut} {
		n := m.TP + m.FP + m.TN + m.FN
		if n != out.Rows.Eval[0]+out.Rows.Eval[1] || m.TP+m.FN != out.Rows.Eval[1] {
			t.Errorf("%s: confusion %d/%d/%d/%d does not cover the %v evaluation rows", name, m.TP, m.FP, m.TN, m.FN, out.Rows.Eval)
		}
		if want := float64(m.TP+m.TN) / float64(n); math.Abs(m.Accuracy-want) > 1e-12 {
			t.Errorf("%s: accuracy %v, want %v", name, m.Accuracy, want)
		}
	}
	n0, n1 := split.Train.Counts()
	if want := eval.PriorCut(n0, n1); out.Cut != 0 || math.Abs(out.PriorCut.Cut-want) > 1e-12 {
		t.Errorf("cuts %v and %v, want 0 and %v", out.Cut, out.PriorCut.Cut, want)
	}
	for c := range 2 {
		if out.Epochs[c] < 1 || out.Epochs[c] > out.MaxEpochs[c] || len(out.LossHistory[c]) != out.Epochs[c] {
			t.Errorf("class %d: %d epochs of %d, %d history entries", c, out.Epochs[c], out.MaxEpochs[c], len(out.LossHistory[c]))
		}
		if out.Reasons[c] != flow.ReasonMaxEpochs && out.Reasons[c] != flow.ReasonConverged {
			t.Errorf("class %d stopped for %q", c, out.Reasons[c])
		}
	}
	if out.Seconds <= 0 || out.Cancelled {
		t.Errorf("seconds %v, cancelled %v", out.Seconds, out.Cancelled)
	}
	// One progress line per epoch of every flow on stderr (Epochs are the first flow's).
	if got, want := strings.Count(f["stderr"], " epoch "), experiment.QuickMembers*(out.Epochs[0]+out.Epochs[1]); got != want {
		t.Errorf("%d progress lines, want %d", got, want)
	}
}

// TestReproduceOutputs checks the files of -o DIR: both models carry their
// facts, and every row of scores.csv is the saved flows' ln p of the data row
// it names.
func TestReproduceOutputs(t *testing.T) {
	f := small(t)
	out, _ := decodeReport(t, f["stdout"])
	d := readCSV(t, f["csv"])
	var flows [2]*flow.Flow
	for c, name := range []string{"background.json", "rrlyrae.json"} {
		m, fl := readModel(t, filepath.Join(f["out"], name))
		flows[c] = fl
		if m.Class != c || m.Seed != 3 || m.DataChecksum != d.Checksum() || strings.Join(m.Features, ",") != "u_g,g_r,r_i,i_z" ||
			m.Settings == nil || len(m.History) != out.Epochs[c] {
			t.Errorf("%s: class %d seed %d checksum %.8s features %v settings %v history %d", name, m.Class, m.Seed,
				m.DataChecksum, m.Features, m.Settings, len(m.History))
		}
	}
	pf, err := os.Open(filepath.Join(f["out"], "pair.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	pair, pflows, err := experiment.ReadPair(pf)
	if err != nil {
		t.Fatal(err)
	}
	if pair.Seed != 3 || pair.DataChecksum != d.Checksum() || !floats.Same(pflows[0].Params, flows[0].Params) || !floats.Same(pflows[1].Params, flows[1].Params) {
		t.Errorf("pair.json does not hold the two saved flows (seed %d)", pair.Seed)
	}
	fh, err := os.Open(filepath.Join(f["out"], "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "index,label,lnp0,lnp1,t,t_gmm" {
		t.Fatalf("header %v", recs[0])
	}
	recs = recs[1:]
	if len(recs) != out.Rows.Eval[0]+out.Rows.Eval[1] {
		t.Fatalf("%d score rows, want %d", len(recs), out.Rows.Eval[0]+out.Rows.Eval[1])
	}
	// The evaluated rows, scored in one call as reproduce does (a flow's ln p
	// of a row may differ in the last bit with its position in a batch).
	sp := experiment.SplitData(d, data.PaperSplit, 3)
	valid := sp.Valid
	tGMM, err := experiment.GMMBaseline(sp.Train, valid.X, valid.Len(), 3)
	if err != nil {
		t.Fatal(err)
	}
	var lp [2][]float64
	for c := range 2 {
		lp[c] = make([]float64, valid.Len())
		flows[c].LogProb(lp[c], valid.X, valid.Len())
	}
	tp := 0
	for k, rec := range recs {
		v := make([]float64, 6)
		for j, s := range rec {
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		i := int(v[0])
		if !slices.Equal(d.Row(i), valid.Row(k)) || int(v[1]) != d.Y[i] || v[2] != lp[0][k] || v[3] != lp[1][k] || v[4] != v[2]-v[3] {
			t.Fatalf("row %v: want data row %v label %d, lnp0 %v, lnp1 %v", rec, valid.Row(k), d.Y[i], lp[0][k], lp[1][k])
		}
		if v[5] != tGMM[k] {
			t.Fatalf("row %v: t_gmm %v, the GMM baseline gives %v", rec, v[5], tGMM[k])
		}
		if v[4] < 0 && v[1] == 1 {
			tp++
		}
	}
	if tp != out.TP {
		t.Errorf("scores.csv has %d RR Lyrae with t < 0, the report says TP = %d", tp, out.TP)
	}
}

// TestReproduceVariants runs MADE with the astroML split and the paper's
// per-step decay.
func TestReproduceVariants(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1200, 200, 8)
	r := mustRun(t, "reproduce", "-model", "made", "-preset", "quick", "-split", "astroml", "-decay", "step", "-json", "-data", path)
	out, _ := decodeReport(t, r.stdout)
	if out.Model != flow.ModelMADE || out.EvalSet != "test" || out.Rows.Eval != out.Rows.Test {
		t.Errorf("model %s, eval set %s, rows %+v", out.Model, out.EvalSet, out.Rows)
	}
	if out.AUC < 0.9 {
		t.Errorf("AUC %.4f, want > 0.9", out.AUC)
	}
	for c := range 2 {
		s := out.Setup.Settings[c]
		if s.Decay != flow.DecayStep || s.DecaySteps != s.MaxEpochs {
			t.Errorf("class %d: decay %q over %d steps, want %q over %d", c, s.Decay, s.DecaySteps, flow.DecayStep, s.MaxEpochs)
		}
		// The decay ends after MaxEpochs steps, so the steps after them (0-based
		// index ≥ MaxEpochs) use LREnd; an epoch's lr is that of its last step.
		checked := 0
		for _, st := range out.LossHistory[c] {
			if st.Steps-1 < s.MaxEpochs {
				continue
			}
			checked++
			if math.Abs(st.LR-s.LREnd) > 1e-15 {
				t.Errorf("class %d epoch %d (step %d): lr %v, want %v", c, st.Epoch, st.Steps, st.LR, s.LREnd)
			}
		}
		if checked == 0 {
			t.Errorf("class %d: no epoch ended after the decay; the check is empty", c)
		}
	}
}

// TestReproduceText checks that the plain-text report holds every table with
// the paper's values beside ours.
func TestReproduceText(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1200, 200, 9)
	r := mustRun(t, "reproduce", "-preset", "quick", "-data", path)
	for _, want := range []string{
		"Table I:", "u_g", "i_z", "0.80", "0.94", "0.91", "0.76",
		"Table III:", "correctly classified", "false positive", "false negative", "paper (Real NVP)", "0.9870", "0.0126", "0.0003",
		"all background", "GMM Bayes", "ROC AUC", "avg. precision", "completeness", "contamination", "(prior)",
		"Training", "background", "RR Lyrae", "total",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "NaN") {
		t.Errorf("text report shows NaN:\n%s", r.stdout)
	}
}

// TestReproduceInterrupted cancels training (as Ctrl-C does) and checks that
// what was done is still reported.
func TestReproduceInterrupted(t *testing.T) {
	dir := t.TempDir()
	path := gaussCSV(t, dir, "g.csv", 1200, 200, 10)

	// Cancelled before the first step: nothing to evaluate, nulls in the JSON.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runIn(ctx, dir, "reproduce", "-preset", "quick", "-json", "-data", path)
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "interrupted") {
		t.Fatalf("exit %d, stderr %q; want %d and \"interrupted\"", r.code, r.stderr, exitInterrupted)
	}
	out, raw := decodeReport(t, r.stdout)
	if !out.Cancelled || out.Epochs != [2]int{0, 0} || raw["auc"] != nil || len(out.KS) != 4 {
		t.Errorf("cancelled %v, epochs %v, auc %v, ks %v", out.Cancelled, out.Epochs, raw["auc"], out.KS)
	}

	// Cancelled during the RR Lyrae flow's third epoch: both flows are evaluated.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var stdout strings.Builder
	stderr := &cancelAfter{marker: "RR Lyrae    epoch  2/", cancel: cancel}
	code := run(ctx, []string{"reproduce", "-preset", "quick", "-json", "-data", path},
		env{stdout: &stdout, stderr: stderr, getenv: func(string) string { return "" }, cwd: dir})
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, stderr.b.String())
	}
	out, raw = decodeReport(t, stdout.String())
	if !out.Cancelled || out.Epochs[1] < 2 || out.Epochs[1] >= out.MaxEpochs[1] || out.Reasons[1] != flow.ReasonCancelled {
		t.Errorf("cancelled %v, epochs %v of %v, reasons %v", out.Cancelled, out.Epochs, out.MaxEpochs, out.Reasons)
	}
	if raw["auc"] == nil || out.GMM.Error == "" {
		t.Errorf("auc %v (want a number), gmm error %q (want skipped)", raw["auc"], out.GMM.Error)
	}
}

// cancelAfter is a stderr that cancels when a line containing marker is written.
type cancelAfter struct {
	b      strings.Builder
	marker string
	cancel func()
}

// Write implements io.Writer.
func (c *cancelAfter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.marker) {
		c.cancel()
	}
	return c.b.Write(p)
}

// TestNumJSON checks that non-finite numbers encode as null.
func TestNumJSON(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{math.NaN(), "null"}, {math.Inf(1), "null"}, {math.Inf(-1), "null"}, {1.5, "1.5"}, {-2e-9, "-2e-9"}, {0, "0"}} {
		b, err := json.Marshal(num(tc.v))
		if err != nil || string(b) != tc.want {
			t.Errorf("num(%v) → %s, %v; want %s", tc.v, b, err, tc.want)
		}
	}
}
