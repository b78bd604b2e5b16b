package experiment_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
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
