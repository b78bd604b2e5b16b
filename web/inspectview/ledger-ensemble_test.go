package inspectview

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"flowlab/flow"
)

// TestLedgerEnsembleRow checks the ledger of a classifier whose RR Lyrae
// flow is an ensemble of three: base + every log-determinant of the first
// member + the ensemble row is the engine's ln p(x); the single background
// flow has no ensemble term; the note names the members.
func TestLedgerEnsembleRow(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 6}
	var members []*flow.Flow
	for k := range 4 {
		f, err := flow.New(cfg, rand.New(rand.NewPCG(uint64(k), 7)))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(k), 8))
		for i := range f.Params {
			f.Params[i] += 0.3 * rng.NormFloat64()
		}
		members = append(members, f)
	}
	rr, err := flow.Ensemble(members[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	flows := [2]*flow.Flow{members[0], rr}
	for _, x := range [][]float64{{0, 0}, {2, -1}, {-4, 6}} {
		e := NewLedgerEntry(flows, x, 1, "test")
		for c, f := range flows {
			want := make([]float64, 1)
			f.LogProb(want, x, 1)
			col := e.Cols[c]
			sum := col.Base + col.Mixture + col.Ensemble
			for _, v := range col.LogDet {
				sum += v
			}
			if math.Abs(sum-want[0]) > 1e-9 || math.Abs(col.LogProb-want[0]) > 1e-9 {
				t.Fatalf("x %v flow %d: terms sum to %v, ledger %v, LogProb %v", x, c, sum, col.LogProb, want[0])
			}
		}
		if e.Cols[0].Members != 1 || e.Cols[1].Members != 3 || e.Cols[0].Ensemble != 0 || e.Cols[1].Ensemble == 0 {
			t.Fatalf("members %d, %d, ensemble terms %v, %v", e.Cols[0].Members, e.Cols[1].Members, e.Cols[0].Ensemble, e.Cols[1].Ensemble)
		}
		r := ensembleRow(e, func(f int, term string, v float64) LedgerCell {
			return LedgerCell{Flow: f, Term: term, Value: fmt.Sprint(v)}
		})
		if r.Cells[0].Text != "—" || r.Cells[1].Term != "ensemble" || r.Cells[1].Value != fmt.Sprint(e.Cols[1].Ensemble) || !strings.Contains(r.Cells[1].Text, "3 flows") {
			t.Fatalf("ensemble row %+v", r)
		}
	}
	if ensembleNote(members[0]) != "" || ensembleNote(nil) != "" {
		t.Errorf("a note for a single flow: %q", ensembleNote(members[0]))
	}
	if n := ensembleNote(rr); !strings.Contains(n, "ensemble of 3 flows") {
		t.Errorf("note %q", n)
	}
}
