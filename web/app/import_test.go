package app_test

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
	. "flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// exportedJSON is the adopted app's classifier as the page exports it, as
// a generic JSON object to tamper with.
func exportedJSON(t *testing.T, a *App) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, a.Shown.Pair); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestImportHostileModels imports the model files (item 4 and 3):
// a config sized to exhaust memory with empty parameters, and a parameter of
// 1e308. Neither stops the program; the oversized one is refused saying
// why, with the shown classifier kept; the huge parameter is refused or
// scored with its non-finite scores as data.
func TestImportHostileModels(t *testing.T) {
	a := webtest.AdoptedApp(t)
	kept := a.Shown.Label

	huge := exportedJSON(t, a)
	for _, cls := range []string{"background", "rrlyrae"} {
		m := huge[cls].(map[string]any)
		cfg := m["config"].(map[string]any)
		cfg["layers"], cfg["hidden"], cfg["units"], cfg["dim"] = 64, 16, 4096, 64
		m["params"] = []any{}
	}
	b, _ := json.Marshal(huge)
	if err := a.ImportPair(b, "huge.json"); err == nil {
		t.Fatal("the oversized model was imported")
	}
	if a.Shown.Label != kept || !strings.Contains(a.Err, "huge.json is not a usable Flow Lab model") {
		t.Errorf("after the oversized model: label %q, error %q", a.Shown.Label, a.Err)
	}

	big := exportedJSON(t, a)
	params := big["background"].(map[string]any)["params"].([]any)
	params[0] = 1e308
	b, _ = json.Marshal(big)
	if err := a.ImportPair(b, "big.json"); err != nil {
		t.Logf("refused: %v", err)
		if a.Shown.Label != kept || !strings.Contains(a.Err, "big.json") {
			t.Errorf("refused, but label %q, error %q", a.Shown.Label, a.Err)
		}
		return
	}
	if a.Shown.Eval == nil || len(a.Shown.Eval.T) == 0 {
		t.Errorf("imported but not scored: error %q", a.Err)
	}
}

// TestImportEnsemble imports a classifier whose RR Lyrae flow is an
// ensemble of three (as "flowlab reproduce -members 3" writes it): it is
// shown and scored with the ensemble's density, and exported again with
// every member.
func TestImportEnsemble(t *testing.T) {
	a := webtest.AdoptedApp(t)
	var members []*flow.Flow
	for k := range 3 {
		f, err := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 8}, rand.New(rand.NewPCG(uint64(k), 21)))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(k), 22))
		for i := range f.Params {
			f.Params[i] += 0.2 * rng.NormFloat64()
		}
		members = append(members, f)
	}
	rr, err := flow.Ensemble(members...)
	if err != nil {
		t.Fatal(err)
	}
	p := experiment.NewPair("custom", 4, a.Data.Names, a.Data.Checksum(), [2]*flow.Model{a.Shown.Flows[0].Model(), rr.Model()})
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, p); err != nil {
		t.Fatal(err)
	}
	if err := a.ImportPair(buf.Bytes(), "ensemble.json"); err != nil {
		t.Fatalf("import: %v (error line %q)", err, a.Err)
	}
	if got := len(a.Shown.Flows[1].Members()); got != 3 {
		t.Fatalf("the shown RR Lyrae flow has %d members, want 3", got)
	}
	ev := a.Shown.Eval
	if ev == nil || len(ev.T) == 0 {
		t.Fatalf("imported but not scored: error %q", a.Err)
	}
	want := make([]float64, ev.Rows.Len())
	rr.LogProb(want, ev.Rows.X, ev.Rows.Len())
	for i, w := range want {
		if math.Abs(ev.LogProb[1][i]-w) > 1e-12*(1+math.Abs(w)) {
			t.Fatalf("row %d: scored %v, the ensemble's ln p is %v", i, ev.LogProb[1][i], w)
		}
	}
	out := exportedJSON(t, a)
	if m, _ := out["rrlyrae"].(map[string]any)["members"].([]any); len(m) != 2 {
		t.Errorf("the export holds %d other members, want 2", len(m))
	}
}
