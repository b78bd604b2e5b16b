package flow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"flowlab/flow"
)

// ensembleMembers builds k perturbed flows of cfg (each from its own stream),
// with a defensive mixture fitted to data when cfg asks for one.
func ensembleMembers(t *testing.T, cfg flow.Config, k int) []*flow.Flow {
	t.Helper()
	var out []*flow.Flow
	for j := range k {
		rng := rand.New(rand.NewPCG(uint64(j), 41))
		f, err := flow.New(cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Base == flow.BaseGMM {
			if err := f.FitBase(randn(rng, 60*cfg.Dim), 60, rng); err != nil {
				t.Fatal(err)
			}
		}
		perturb(f, rng)
		f.SetStandardization(flow.NewStandardize(randn(rng, cfg.Dim), make4(cfg.Dim, 1+0.2*float64(j))))
		out = append(out, f)
	}
	return out
}

// TestEnsembleDensity checks that an ensemble's log-density is the log of
// the mean of its members' densities, row by row, that its likelihood
// ledger (TraceInverse: base + log-dets + defensive mixture + ensemble term)
// adds up to it, and that one member is the flow itself.
func TestEnsembleDensity(t *testing.T) {
	cfgs := append([]flow.Config{{Model: flow.ModelMADE, Dim: 3, Layers: 2, Hidden: 1, Units: 5, Base: flow.BaseGMM, BaseComponents: 2, TrainBase: true, Defensive: 0.3}}, smallConfigs...)
	for ci, cfg := range cfgs {
		for _, k := range []int{1, 2, 3} {
			members := ensembleMembers(t, cfg, k)
			e, err := flow.Ensemble(members...)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(e.Members()); got != k {
				t.Fatalf("%v: %d members, want %d", cfg, got, k)
			}
			const n = 25
			x := randn(rand.New(rand.NewPCG(uint64(ci), 5)), n*cfg.Dim)
			got := make([]float64, n)
			e.LogProb(got, x, n)
			each := make([][]float64, k)
			for j, m := range members {
				each[j] = make([]float64, n)
				m.LogProb(each[j], x, n)
			}
			tr := e.TraceInverse(x, n)
			for i := range n {
				mean := 0.0
				for j := range k {
					mean += math.Exp(each[j][i]) / float64(k)
				}
				if want := math.Log(mean); math.Abs(got[i]-want) > 1e-9*(1+math.Abs(want)) {
					t.Fatalf("%v, %d members, row %d: ln p = %v, ln mean p_k = %v", cfg, k, i, got[i], want)
				}
				sum := tr.BaseLogProb[i]
				for _, ld := range tr.LogDet {
					sum += ld[i]
				}
				if tr.Mixture != nil {
					sum += tr.Mixture[i]
				}
				if tr.Ensemble != nil {
					sum += tr.Ensemble[i]
				}
				if math.Abs(sum-got[i]) > 1e-9*(1+math.Abs(got[i])) || math.Abs(tr.LogProb[i]-got[i]) > 1e-9*(1+math.Abs(got[i])) {
					t.Fatalf("%v, %d members, row %d: the ledger sums to %v (trace %v), ln p = %v", cfg, k, i, sum, tr.LogProb[i], got[i])
				}
			}
			if (tr.Ensemble != nil) != (k > 1) {
				t.Errorf("%v, %d members: ensemble term present = %v", cfg, k, tr.Ensemble != nil)
			}
			if k == 1 && e != members[0] {
				t.Errorf("one member is not returned as itself")
			}
		}
	}
}

// TestEnsembleSample checks that an ensemble draws each row from a member
// chosen uniformly: two members far apart share the samples about evenly.
func TestEnsembleSample(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 4}
	members := ensembleMembers(t, cfg, 3)
	for j, m := range members {
		m.SetStandardization(flow.NewStandardize([]float64{100 * float64(j), 0}, []float64{1, 1}))
	}
	e, err := flow.Ensemble(members...)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6000
	x := make([]float64, 2*n)
	e.Sample(x, n, rand.New(rand.NewPCG(9, 9)))
	var count [3]int
	for i := range n {
		j := int(math.Round(x[2*i] / 100))
		if j < 0 || j > 2 {
			t.Fatalf("sample %d at %v belongs to no member", i, x[2*i:2*i+2])
		}
		count[j]++
	}
	for j, c := range count {
		// 1/3 ± 4 standard deviations of a binomial share.
		if math.Abs(float64(c)/n-1.0/3) > 4*math.Sqrt(2.0/9/n) {
			t.Errorf("member %d drew %d of %d samples", j+1, c, n)
		}
	}
}

// TestEnsembleModel saves and loads an ensemble (full and compact form) and
// requires the same log-densities, and refuses broken ensembles.
func TestEnsembleModel(t *testing.T) {
	cfg := smallConfigs[0]
	e, err := flow.Ensemble(ensembleMembers(t, cfg, 3)...)
	if err != nil {
		t.Fatal(err)
	}
	x := randn(rand.New(rand.NewPCG(3, 3)), 10*cfg.Dim)
	want := make([]float64, 10)
	e.LogProb(want, x, 10)
	for _, f32 := range []bool{false, true} {
		var buf bytes.Buffer
		var err error
		if f32 {
			err = json.NewEncoder(&buf).Encode(flow.CompactParams{Model: e.Model(), Bits: 24})
		} else {
			err = flow.WriteModel(&buf, e.Model())
		}
		if err != nil {
			t.Fatal(err)
		}
		m, g, err := flow.ReadModel(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Members) != 2 || len(g.Members()) != 3 {
			t.Fatalf("read %d other members, %d flows", len(m.Members), len(g.Members()))
		}
		got := make([]float64, 10)
		g.LogProb(got, x, 10)
		for i := range got {
			tol := 0.0
			if f32 {
				tol = 1e-4 * (1 + math.Abs(want[i]))
			}
			if math.Abs(got[i]-want[i]) > tol {
				t.Fatalf("float32 %v, row %d: %v after loading, %v before", f32, i, got[i], want[i])
			}
		}
	}

	one := ensembleMembers(t, cfg, 1)[0]
	other := ensembleMembers(t, flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 4}, 1)[0]
	nine := ensembleMembers(t, cfg, flow.MaxMembers+1)
	for name, members := range map[string][]*flow.Flow{
		"none": nil, "nine": nine, "other features": {one, other}, "nested": {one, e}, "nil": {one, nil},
	} {
		if _, err := flow.Ensemble(members...); !errors.Is(err, flow.ErrConfig) {
			t.Errorf("%s: Ensemble err = %v, want ErrConfig", name, err)
		}
	}
	for name, edit := range map[string]func(m *flow.Model){
		"nested":         func(m *flow.Model) { m.Members[0].Members = []*flow.Model{one.Model()} },
		"nil member":     func(m *flow.Model) { m.Members[1] = nil },
		"other features": func(m *flow.Model) { m.Members[0] = other.Model() },
		"bad member":     func(m *flow.Model) { m.Members[1].Params = m.Members[1].Params[1:] },
		"nine": func(m *flow.Model) {
			for len(m.Members) < flow.MaxMembers {
				m.Members = append(m.Members, one.Model())
			}
		},
	} {
		m := e.Model()
		edit(m)
		var buf bytes.Buffer
		if err := flow.WriteModel(&buf, m); err != nil {
			t.Fatal(err)
		}
		if _, _, err := flow.ReadModel(&buf); !errors.Is(err, flow.ErrModel) {
			t.Errorf("%s: ReadModel err = %v, want ErrModel", name, err)
		}
		if _, err := m.Flow(); !errors.Is(err, flow.ErrModel) {
			t.Errorf("%s: Model.Flow err = %v, want ErrModel", name, err)
		}
	}
}
