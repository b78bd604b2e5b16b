package experiment_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// TestPairRoundTrip writes and reads a classifier and requires identical
// log-densities from both flows.
func TestPairRoundTrip(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 3, Layers: 2, Hidden: 1, Units: 5}
	var models [2]*flow.Model
	var orig [2]*flow.Flow
	for c := range 2 {
		f, _ := flow.New(cfg, rand.New(rand.NewPCG(uint64(c), 1)))
		f.SetStandardization(flow.NewStandardize([]float64{1, 2, 3}, []float64{0.5, 1, 2}))
		orig[c], models[c] = f, f.Model()
	}
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, experiment.NewPair("quick", 9, []string{"a", "b", "c"}, "abc", models)); err != nil {
		t.Fatal(err)
	}
	p, flows, err := experiment.ReadPair(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if p.Seed != 9 || p.Preset != "quick" {
		t.Errorf("pair %+v", p)
	}
	x := []float64{0.1, 0.2, 0.3, -1, 2, 0}
	for c := range 2 {
		a, b := make([]float64, 2), make([]float64, 2)
		orig[c].LogProb(a, x, 2)
		flows[c].LogProb(b, x, 2)
		if a[0] != b[0] || a[1] != b[1] {
			t.Errorf("class %d: %v vs %v", c, a, b)
		}
	}
}

// TestReadPairErrors checks the messages for files that are not classifiers.
func TestReadPairErrors(t *testing.T) {
	for in, want := range map[string]string{
		`not json`:                     "invalid model file",
		`{"format":"flowlab-model/1"}`: "a Flow Lab classifier export",
		`{"format":"flowlab-pair/1"}`:  "background flow is missing",
		`{"format":"flowlab-pair/1","background":{"format":"flowlab-model/1","config":{"model":"made","dim":1,"layers":1,"hidden":0,"units":1},"params":[0,0,0,0]},"rrlyrae":{"format":"flowlab-model/1","config":{"model":"made","dim":1,"layers":1,"hidden":0,"units":1},"params":[0,0,0,0]},"features":["a","b"]}`: "has 1 features, the file names 2",
	} {
		_, _, err := experiment.ReadPair(strings.NewReader(in))
		if err == nil || !errors.Is(err, flow.ErrModel) || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadPair(%.40q) = %v, want ErrModel containing %q", in, err, want)
		}
	}
}

// TestReadPairHostile: the exported pairs sized to exhaust memory, or with a
// parameter of 1e308, are refused with a message and without allocating their claimed size.
func TestReadPairHostile(t *testing.T) {
	pair := func(cfg, params string) string {
		m := `{"format":"flowlab-model/1","config":` + cfg + `,"params":` + params + `}`
		return `{"format":"flowlab-pair/1","features":["a","b"],"background":` + m + `,"rrlyrae":` + m + `}`
	}
	tests := []struct{ name, in, want string }{
		{"64×16×4096, dim 64, empty params", pair(`{"model":"made","dim":64,"layers":64,"hidden":16,"units":4096}`, "[]"), "0 parameters"},
		{"8×2×4096, empty params", pair(`{"model":"realnvp","dim":2,"layers":8,"hidden":2,"units":4096}`, "[]"), "0 parameters"},
		{"8×2×4096, no params", pair(`{"model":"realnvp","dim":2,"layers":8,"hidden":2,"units":4096}`, "null"), "at most 2000000"},
		{"a parameter 1e308", pair(`{"model":"made","dim":2,"layers":1,"hidden":0,"units":1}`, "[1e308"+strings.Repeat(",0", 11)+"]"), "parameter 0 is 1e+308"},
	}
	for _, tc := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, err := experiment.ReadPair(strings.NewReader(tc.in))
		runtime.ReadMemStats(&after)
		if !errors.Is(err, flow.ErrModel) || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "invalid model file") != 1 {
			t.Errorf("%s: %v, want ErrModel containing %q", tc.name, err, tc.want)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("%s: %d MB allocated", tc.name, grew>>20)
		}
	}
}

// FuzzReadPair: arbitrary bytes never panic the classifier decoder.
func FuzzReadPair(f *testing.F) {
	m := `{"format":"flowlab-model/1","config":{"model":"made","dim":2,"layers":1,"hidden":0,"units":1},"params":[` + strings.Repeat("0.5,", 11) + `1]}`
	f.Add([]byte(`{"format":"flowlab-pair/1","features":["a","b"],"background":` + m + `,"rrlyrae":` + m + `}`))
	f.Add([]byte(`{"format":"flowlab-pair/1"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, flows, err := experiment.ReadPair(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, flow.ErrModel) {
				t.Fatalf("error %v is not ErrModel", err)
			}
			return
		}
		x := make([]float64, 2*len(p.Features))
		flows[0].LogProb(make([]float64, 2), x, 2)
	})
}
