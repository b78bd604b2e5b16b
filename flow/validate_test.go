package flow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"flowlab/flow"
)

// TestNumParams checks the size computed from a configuration against the flow New builds.
func TestNumParams(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	families := flow.FamilyNames()
	for range 60 {
		cfg := flow.Config{Model: families[rng.IntN(len(families))], Dim: 2 + rng.IntN(7),
			Layers: 1 + rng.IntN(5), Hidden: rng.IntN(4), Units: 1 + rng.IntN(40)}
		if rng.IntN(2) == 0 {
			cfg.Base, cfg.BaseComponents = flow.BaseGMM, rng.IntN(5)
			cfg.Defensive = 0.1 * float64(rng.IntN(2))
		}
		n, err := flow.NumParams(cfg)
		if err != nil {
			t.Fatal(err)
		}
		f, err := flow.New(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(f.Params) {
			t.Errorf("%+v: NumParams %d, New has %d", cfg, n, len(f.Params))
		}
	}
	if n, _ := flow.NumParams(flow.PaperMADE(4)); n != 342464 {
		t.Errorf("paper MADE: %d parameters", n)
	}
	if _, err := flow.NumParams(flow.Config{Model: "nope"}); !errors.Is(err, flow.ErrConfig) {
		t.Errorf("bad config: %v", err)
	}
}

func TestCheckSize(t *testing.T) {
	if err := flow.CheckSize(flow.PaperRealNVP(8)); err != nil {
		t.Error(err)
	}
	huge := flow.Config{Model: flow.ModelMADE, Dim: 64, Layers: 64, Hidden: 16, Units: 4096}
	if err := flow.CheckSize(huge); !errors.Is(err, flow.ErrConfig) || !strings.Contains(err.Error(), "at most 2000000") {
		t.Errorf("huge config: %v", err)
	}
}

// modelJSON writes a model file with the given config and parameter list.
func modelJSON(cfg string, params string, extra string) string {
	return `{"format":"flowlab-model/1","config":` + cfg + extra + `,"params":` + params + `}`
}

// TestReadModelHostile: the files are refused with a clear message,
// without allocating what their configuration claims.
func TestReadModelHostile(t *testing.T) {
	small := `{"model":"made","dim":2,"layers":1,"hidden":0,"units":1}` // 2×4+4 = 12 parameters
	twelve := "[" + strings.Repeat("0,", 11) + "0]"
	tests := []struct {
		name, in, want string
	}{
		{"64 layers of 16×4096, empty params", modelJSON(`{"model":"made","dim":64,"layers":64,"hidden":16,"units":4096}`, "[]", ""), "0 parameters, the configuration"},
		{"8×2×4096, empty params", modelJSON(`{"model":"realnvp","dim":4,"layers":8,"hidden":2,"units":4096}`, "[]", ""), "needs 134479904"},
		{"8×2×4096 with a matching count is still too big", modelJSON(`{"model":"realnvp","dim":4,"layers":8,"hidden":2,"units":4096}`, "null", ""), "at most 2000000"},
		{"one parameter 1e308", modelJSON(small, "[1e308"+strings.Repeat(",0", 11)+"]", ""), "parameter 0 is 1e+308"},
		{"parameter out of float64 range", modelJSON(small, "[1e999"+strings.Repeat(",0", 11)+"]", ""), "invalid model file"},
		{"params not numbers", modelJSON(small, `["a"]`, ""), "-1 parameters"},
		{"huge shift", modelJSON(small, twelve, `,"shift":[1e300,0],"scale":[1,1]`), "standardisation of feature 0"},
		{"zero scale", modelJSON(small, twelve, `,"shift":[0,0],"scale":[0,1]`), "standardisation of feature 0"},
		{"long feature name", modelJSON(small, twelve, `,"features":["`+strings.Repeat("f", 2000)+`","b"]`), "feature name 0 is 2000 bytes"},
		{"wrong format", `{"format":"flowlab-pair/1"}`, `format "flowlab-pair/1"`},
	}
	for _, tc := range tests {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, err := flow.ReadModel(strings.NewReader(tc.in))
		runtime.ReadMemStats(&after)
		if !errors.Is(err, flow.ErrModel) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrModel containing %q", tc.name, err, tc.want)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("%s: %d MB allocated", tc.name, grew>>20)
		}
	}
	// A file past MaxModelBytes is refused after reading MaxModelBytes, not all of it.
	big := countingReader{r: strings.NewReader(modelJSON(small, "["+strings.Repeat("0,", flow.MaxModelBytes/2)+"0]", ""))}
	if _, _, err := flow.ReadModel(&big); !errors.Is(err, flow.ErrModel) || !strings.Contains(err.Error(), "larger than 64 MiB") || big.n > flow.MaxModelBytes+1 {
		t.Errorf("big file: %v after %d bytes", err, big.n)
	}
}

// countingReader counts the bytes read from r.
type countingReader struct {
	r *strings.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// FuzzReadModel feeds the decoder arbitrary bytes: it must never panic, and a model it
// accepts must score finite-or-not numbers without panicking.
func FuzzReadModel(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cfg := range []flow.Config{{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3},
		{Model: flow.ModelRealNVP, Dim: 3, Layers: 2, Hidden: 0, Units: 1},
		{Model: flow.ModelRealNVP, Dim: 2, Layers: 1, Hidden: 0, Units: 1, Base: flow.BaseGMM, Defensive: 0.1}} {
		fl, _ := flow.New(cfg, rng)
		fl.SetStandardization(flow.NewStandardize(make([]float64, cfg.Dim), []float64{1, 2, 3}[:cfg.Dim]))
		var buf bytes.Buffer
		flow.WriteModel(&buf, fl.Model())
		f.Add(buf.Bytes())
	}
	f.Add([]byte(modelJSON(`{"model":"made","dim":64,"layers":64,"hidden":16,"units":4096}`, "[]", "")))
	f.Add([]byte(`{"format":"flowlab-model/1","params":[1,2,3]}`))
	ens := make([]*flow.Flow, 2) // an ensemble (Model.Members)
	for k := range ens {
		ens[k], _ = flow.New(flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3}, rng)
	}
	if e, err := flow.Ensemble(ens...); err == nil {
		var buf bytes.Buffer
		flow.WriteModel(&buf, e.Model())
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, fl, err := flow.ReadModel(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, flow.ErrModel) {
				t.Fatalf("error %v is not ErrModel", err)
			}
			return
		}
		if len(m.Members)+1 > flow.MaxMembers || len(fl.Members()) != len(m.Members)+1 {
			t.Fatalf("accepted an ensemble of %d models as %d flows", len(m.Members)+1, len(fl.Members()))
		}
		if n, _ := flow.NumParams(m.Config); n > flow.MaxModelParams || len(m.Params) != n {
			t.Fatalf("accepted %d parameters", len(m.Params))
		}
		x := make([]float64, 3*fl.Dim())
		for i := range x {
			x[i] = float64(i) - 1e3
		}
		fl.LogProb(make([]float64, 3), x, 3)
	})
}

// The decoder checks the parameter count before allocating, also inside a larger document.
func TestUnmarshalModelChecksCount(t *testing.T) {
	var doc struct{ M flow.Model }
	err := json.Unmarshal([]byte(`{"M":`+modelJSON(`{"model":"made","dim":64,"layers":64,"hidden":16,"units":4096}`, "[0]", "")+`}`), &doc)
	if !errors.Is(err, flow.ErrModel) {
		t.Errorf("error %v", err)
	}
}
