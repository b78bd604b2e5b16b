package inspectview

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"flowlab/flow"
)

// TestLedgerMixtureRow checks the ledger of flows with a defensive mixture:
// base + every log-determinant + the mixture row is the engine's ln p(x),
// and the mixture row shows each flow's term.
func TestLedgerMixtureRow(t *testing.T) {
	var flows [2]*flow.Flow
	rng := rand.New(rand.NewPCG(3, 3))
	for c := range flows {
		cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 2, Hidden: 1, Units: 6, Base: flow.BaseGMM, Defensive: 0.2}
		f, err := flow.New(cfg, rand.New(rand.NewPCG(uint64(c), 1)))
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, 400)
		for i := range x {
			x[i] = rng.NormFloat64() + float64(c)
		}
		if err := f.FitBaseRestarts(x, 200, 2, rng); err != nil {
			t.Fatal(err)
		}
		mask := f.ParamMask()
		for i := range f.Params {
			f.Params[i] += 0.3 * rng.NormFloat64() * mask[i] // layers away from the identity
		}
		flows[c] = f
	}
	for _, x := range [][]float64{{0, 0}, {3, -2}, {9, 9}} {
		e := NewLedgerEntry(flows, x, 1, "test")
		for c, f := range flows {
			want := make([]float64, 1)
			f.LogProb(want, x, 1)
			col := e.Cols[c]
			sum := col.Base + col.Mixture
			for _, v := range col.LogDet {
				sum += v
			}
			if !col.HasMix || math.Abs(sum-want[0]) > 1e-9 {
				t.Fatalf("x %v flow %d: terms sum to %v, LogProb %v (mixture row %v)", x, c, sum, want[0], col.HasMix)
			}
		}
		r := mixtureRow(e, func(f int, term string, v float64) LedgerCell {
			return LedgerCell{Flow: f, Term: term, Value: fmt.Sprint(v)}
		})
		for c := range flows {
			if r.Key != "mixture" || r.Cells[c].Term != "mixture" || r.Cells[c].Value != fmt.Sprint(e.Cols[c].Mixture) {
				t.Fatalf("mixture row %+v", r)
			}
		}
	}
}

// TestMixtureNote checks the layer view's note: none without a mixture, the
// weights with one.
func TestMixtureNote(t *testing.T) {
	plain, _ := flow.New(flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3, Base: flow.BaseGMM}, nil)
	mixed, _ := flow.New(flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3, Base: flow.BaseGMM, Defensive: 0.3}, nil)
	if mixtureNote(plain) != "" || mixtureNote(nil) != "" {
		t.Errorf("a note without a mixture: %q", mixtureNote(plain))
	}
	if n := mixtureNote(mixed); !strings.Contains(n, "0.7·flow + 0.3·") || !strings.Contains(n, "30%") {
		t.Errorf("note %q", n)
	}
}
