package experiment_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// TestPairCompact writes a classifier with WritePairCompact and reads it with
// ReadPair: each parameter comes back within a unit in its last kept bit
// (for 24 bits: a number whose float32 is float32(v)), the history with
// flow.HistoryDigits significant digits, the rest of the file (seed, preset,
// features, checksum, standardisation) with every bit, the log-densities within that rounding, and the file is at most the
// given share of WritePair's.
func TestPairCompact(t *testing.T) {
	for _, tc := range []struct {
		bits  int
		share float64 // of WritePair's bytes, at most
		lnp   float64 // |Δ ln p| at most
	}{{24, 0.6, 1e-4}, {11, 0.45, 2e-2}} {
		for _, cfg := range []flow.Config{
			{Model: flow.ModelMADE, Dim: 3, Layers: 2, Hidden: 1, Units: 16},
			{Model: flow.ModelRealNVP, Dim: 3, Layers: 4, Hidden: 2, Units: 16},
		} {
			var models [2]*flow.Model
			for c := range 2 {
				f, err := flow.New(cfg, rand.New(rand.NewPCG(uint64(c), 3)))
				if err != nil {
					t.Fatal(err)
				}
				rng := rand.New(rand.NewPCG(7, uint64(c)))
				for i := range f.Params {
					f.Params[i] = rng.NormFloat64() * 0.3 // trained-looking parameters, not the initial zeros
				}
				f.SetStandardization(flow.NewStandardize([]float64{1.1, 2, 3}, []float64{0.5, 1, 2.25}))
				m := f.Model()
				m.History = []flow.EpochStats{{Epoch: 1, TrainLoss: -1.2345678901234567}}
				models[c] = m
			}
			pair := experiment.NewPair("quick", 11, []string{"a", "b", "c"}, "abc", models)
			var full, small bytes.Buffer
			if err := experiment.WritePair(&full, pair); err != nil {
				t.Fatal(err)
			}
			if err := experiment.WritePairCompact(&small, pair, tc.bits); err != nil {
				t.Fatal(err)
			}
			if float64(small.Len()) > float64(full.Len())*tc.share {
				t.Errorf("%s, %d bits: the compact pair is %d bytes, the full one %d", cfg.Model, tc.bits, small.Len(), full.Len())
			}
			_, ref, err := experiment.ReadPair(bytes.NewReader(full.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			p, flows, err := experiment.ReadPair(&small)
			if err != nil {
				t.Fatal(err)
			}
			if p.Seed != 11 || p.Preset != "quick" || p.DataChecksum != "abc" || !slices.Equal(p.Features, pair.Features) {
				t.Errorf("%s: pair %+v", cfg.Model, p)
			}
			for c, m := range []*flow.Model{p.Background, p.RRLyrae} {
				want := models[c]
				for i, v := range want.Params {
					if tc.bits == 24 && float32(m.Params[i]) != float32(v) {
						t.Fatalf("%s class %d: parameter %d is %v, which is not float32(%v) = %v", cfg.Model, c, i, m.Params[i], v, float32(v))
					}
					if d := math.Abs(m.Params[i] - v); d > math.Abs(v)*math.Ldexp(1, 1-tc.bits) {
						t.Fatalf("%s, %d bits, class %d: parameter %d is %v, %g from %v", cfg.Model, tc.bits, c, i, m.Params[i], d, v)
					}
				}
				if !slices.Equal(m.Shift, want.Shift) || !slices.Equal(m.Scale, want.Scale) || m.History[0].TrainLoss != -1.2346 {
					t.Errorf("%s class %d: standardisation or history changed: %v %v %v", cfg.Model, c, m.Shift, m.Scale, m.History)
				}
				x := []float64{0.1, 2.2, 3.3, 1, 2, 0, 1.5, 1.5, 1.5}
				a, b := make([]float64, 3), make([]float64, 3)
				ref[c].LogProb(a, x, 3)
				flows[c].LogProb(b, x, 3)
				for i := range a {
					if d := math.Abs(a[i] - b[i]); d > tc.lnp || a[i] == 0 {
						t.Errorf("%s, %d bits, class %d: ln p %v from the full pair, %v from the compact one", cfg.Model, tc.bits, c, a[i], b[i])
					}
				}
			}
		}
	}
}
