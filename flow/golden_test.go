package flow_test

import (
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"flowlab/flow"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_losses_*.json from this run")

// TestGoldenLosses pins the first 20 batch losses of a seeded tiny Real NVP
// and MADE bit for bit, so that any change to the numerics is seen. The files
// are per GOARCH because Go's math.Exp is assembly on amd64 and pure Go in
// wasm (flow/doc.go). Do not edit them by hand: after an intended change run
// `go test -run GoldenLosses -update ./flow/` natively and under GOOS=js.
func TestGoldenLosses(t *testing.T) {
	got := map[string][]float64{}
	for _, cfg := range []flow.Config{
		{Model: flow.ModelRealNVP, Dim: 2, Layers: 3, Hidden: 2, Units: 8},
		{Model: flow.ModelMADE, Dim: 2, Layers: 3, Hidden: 2, Units: 8},
	} {
		x := moons(400, 0.1, rand.New(rand.NewPCG(11, 11)))
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(12, 12)))
		tr, err := flow.NewTrainer(f, x, 400, x, 400, flow.TrainSettings{BatchSize: 20, MaxEpochs: 1, Standardize: true, Tol: -1}, rand.New(rand.NewPCG(13, 13)))
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		for range 20 {
			tr.Step()
			losses = append(losses, tr.LastLoss())
		}
		if tr.Err() != nil {
			t.Fatal(tr.Err())
		}
		got[cfg.Model] = losses
	}
	path := filepath.Join("testdata", "golden_losses_"+runtime.GOARCH+".json")
	if *update {
		b, _ := json.MarshalIndent(got, "", " ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	var want map[string][]float64
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for model, w := range want {
		g := got[model]
		if len(g) != len(w) {
			t.Fatalf("%s: %d losses, golden has %d", model, len(g), len(w))
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s: loss %d = %v, golden %v", model, i+1, g[i], w[i])
			}
		}
	}
}
