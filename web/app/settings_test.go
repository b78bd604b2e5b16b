package app

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/web/format"
)

// TestTrainParamCount checks the parameter formula against the engine's own
// flows (len(Params) of flow.New), and the paper's Real NVP against the
// formula written out by hand from Table II.
func TestTrainParamCount(t *testing.T) {
	// Table II, Real NVP: 8 coupling layers, each a 2 → 100 → 100 → 100 →
	// 100 → 4 network (weights and biases of every dense map).
	paperRealNVP := 8 * (2*100 + 100 + 3*(100*100+100) + 100*4 + 4)
	if got := TrainParamCount(flow.PaperRealNVP(4)); got != paperRealNVP {
		t.Errorf("paper Real NVP: %d parameters, the hand formula gives %d", got, paperRealNVP)
	}
	// Table II, MADE: 8 layers, each a masked 4 → 200 → 200 → 8 network.
	paperMADE := 8 * (4*200 + 200 + 200*200 + 200 + 200*8 + 8)
	if got := TrainParamCount(flow.PaperMADE(4)); got != paperMADE {
		t.Errorf("paper MADE: %d parameters, the hand formula gives %d", got, paperMADE)
	}
	for _, cfg := range []flow.Config{
		flow.PaperRealNVP(4), flow.PaperMADE(4),
		{Model: flow.ModelRealNVP, Dim: 4, Layers: 6, Hidden: 2, Units: 32},
		{Model: flow.ModelMADE, Dim: 4, Layers: 6, Hidden: 2, Units: 32},
		{Model: flow.ModelRealNVP, Dim: 5, Layers: 3, Hidden: 1, Units: 7}, // odd dim: 3 conditioning, 2 transformed
		{Model: flow.ModelRealNVP, Dim: 2, Layers: 1, Hidden: 0, Units: 1}, // no hidden layer
		{Model: flow.ModelMADE, Dim: 1, Layers: 2, Hidden: 3, Units: 5},
		{Model: flow.ModelMADE, Dim: 8, Layers: 2, Hidden: 0, Units: 9},
		{Model: flow.ModelSpline, Dim: 4, Layers: 3, Hidden: 2, Units: 16},
		{Model: flow.ModelSpline, Dim: 3, Layers: 2, Hidden: 1, Units: 5, Bins: 5},
		{Model: flow.ModelRealNVP, Dim: 4, Layers: 2, Hidden: 1, Units: 8, Base: flow.BaseGMM, TrainBase: true},
	} {
		f, err := flow.New(cfg, nil)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if got, want := TrainParamCount(cfg), len(f.Params); got != want {
			t.Errorf("%+v: formula %d, engine %d", cfg, got, want)
		}
		a := TrainArchOf(cfg)
		trained := 0
		for _, m := range f.ParamMask() {
			trained += int(m)
		}
		if a.Params != len(f.Params) || a.Trained != trained {
			t.Errorf("%+v: summary %+v, engine %d stored, %d trained", cfg, a, len(f.Params), trained)
		}
		if cfg.Model == flow.ModelMADE && cfg.Dim > 1 && a.Trained >= a.Params {
			t.Errorf("%+v: MADE masks should hold some weights at zero: %+v", cfg, a)
		}
	}
}

// TestTrainChoice checks the preset select: the paper presets set the model
// and Table II's values; any other choice leaves the state alone.
func TestTrainChoice(t *testing.T) {
	tests := []struct {
		choice, model                 string
		layers, hidden, units, b0, b1 int
		lr0, lr1                      float64
		preset                        string
	}{
		// Table II of the paper.
		{TrainChoicePaperRealNVP, flow.ModelRealNVP, 8, 4, 100, 1000, 100, 1e-3, 1e-4, experiment.PresetPaper},
		{TrainChoicePaperMADE, flow.ModelMADE, 8, 2, 200, 1000, 100, 1e-3, 1e-4, experiment.PresetPaper},
		// Not in the paper: Real NVP's architecture with spline couplings.
		{PaperChoice(flow.ModelSpline), flow.ModelSpline, 8, 4, 100, 1000, 100, 1e-3, 1e-4, experiment.PresetPaper},
	}
	for _, tc := range tests {
		s := DefaultState()
		if !ApplyTrainChoice(&s, tc.choice) {
			t.Fatalf("%s: not applied", tc.choice)
		}
		got := []any{s.Model, s.Layers, s.Hidden, s.Units, s.Batch0, s.Batch1, s.LRStart, s.LREnd, s.Preset}
		want := []any{tc.model, tc.layers, tc.hidden, tc.units, tc.b0, tc.b1, tc.lr0, tc.lr1, tc.preset}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: state %v, want %v", tc.choice, got, want)
		}
		if c := TrainChoice(s); c != tc.choice {
			t.Errorf("%s: TrainChoice gives %q back", tc.choice, c)
		}
	}

	s := DefaultState()
	if TrainChoice(s) != TrainChoiceQuick {
		t.Errorf("default state's choice is %q, want quick", TrainChoice(s))
	}
	s.Units = 17
	if !ApplyTrainChoice(&s, PresetCustom) || s.Units != 17 || TrainChoice(s) != PresetCustom {
		t.Errorf("custom must keep the values and mark the state: %+v", s)
	}
	before := s
	if ApplyTrainChoice(&s, "paper") || s != before {
		t.Errorf("an unknown choice changed the state")
	}
}

// TestTrainFieldRangesMatchHash checks that every field accepts exactly the
// values the URL hash keeps unclamped (State's Decode), so a link always
// restores what the form accepted.
func TestTrainFieldRangesMatchHash(t *testing.T) {
	for _, f := range TrainFields {
		if f.kind != kindInt && f.kind != kindFloat {
			continue
		}
		below, above := f.lo-1, f.hi+1
		if f.kind == kindFloat && f.lo > 0 {
			below = f.lo / 2
		}
		for _, tc := range []struct {
			v  float64
			ok bool
		}{{f.lo, true}, {f.hi, true}, {below, false}, {above, false}} {
			text := strconv.FormatFloat(tc.v, 'g', -1, 64)
			_, notes := Decode(f.Key + "=" + text)
			s := DefaultState()
			err := f.Set(&s, text)
			if (len(notes) == 0) != tc.ok || (err == nil) != tc.ok {
				t.Errorf("%s=%s: hash notes %q, form error %v; want accepted=%v by both", f.Key, text, notes, err, tc.ok)
			}
		}
	}
	// Every field writes the State field its hash key names.
	values := map[string][2]string{ // key → text typed in the form, the same value in the hash
		"layers": {"5", "5"}, "hidden": {"5", "5"}, "units": {"5", "5"}, "ens": {"3", "3"},
		"lr0": {"0.0625", "0.0625"}, "lr1": {"0.0625", "0.0625"}, "tol": {"0.0625", "0.0625"},
		"b0": {"5", "5"}, "b1": {"5", "5"}, "e0": {"9", "9"}, "e1": {"5", "5"},
		"std": {"off", "0"}, "seed": {"77", "77"},
	}
	for _, f := range TrainFields {
		v, ok := values[f.Key]
		if !ok {
			t.Errorf("field %s is not covered by this test", f.Key)
			continue
		}
		s := DefaultState()
		if err := f.Set(&s, v[0]); err != nil {
			t.Fatalf("%s=%s: %v", f.Key, v[0], err)
		}
		want, notes := Decode(f.Key + "=" + v[1])
		if len(notes) > 0 {
			t.Fatalf("%s: %v", f.Key, notes)
		}
		if s != want {
			t.Errorf("%s=%s: the form gives %+v, the hash %+v", f.Key, v[0], s, want)
		}
		if s == DefaultState() {
			t.Errorf("%s=%s: the test value is the default, so it proves nothing", f.Key, v[0])
		}
	}
}

// TestTrainValidate checks the messages shown beside a field.
func TestTrainValidate(t *testing.T) {
	s := DefaultState()
	tests := []struct {
		key, text string
		dim       int
		want      string // substring of the message; "" for usable
	}{
		{"layers", "8", 4, ""},
		{"layers", "0", 4, "must be between 1 and 32"},
		{"layers", "33", 4, "must be between 1 and 32"},
		{"layers", "2.5", 4, `"2.5" is not a whole number`},
		{"layers", "eight", 4, `"eight" is not a number`},
		{"layers", "", 4, "enter a whole number"},
		{"hidden", "0", 4, ""},
		{"units", " 16 ", 4, ""},
		{"lr0", "5", 4, "must be between 1e-6 and 0.1"},
		{"lr0", "1e-3", 4, ""},
		{"lr0", "NaN", 4, "is not a number"},
		{"lr1", "0.00001", 4, ""},
		{"b1", "0", 4, "must be between 1 and 100000"},
		{"e0", "10001", 4, "must be between 1 and 10000"},
		{"tol", "-0.5", 4, ""},
		{"seed", "-1", 4, `"-1" is not a whole number ≥ 0`},
		{"seed", "18446744073709551615", 4, ""},
		{"std", "on", 4, ""},
		// The engine's own check of the whole setup: Real NVP splits the
		// features in two, so it needs at least two of them.
		{"layers", "3", 1, "Real NVP needs at least 2 features"},
		{"nope", "1", 4, `unknown setting "nope"`},
	}
	for _, tc := range tests {
		got := TrainValidate(s, tc.key, tc.text, tc.dim)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s=%q (dim %d): %q, want %q", tc.key, tc.text, tc.dim, got, tc.want)
		}
	}
	if strings.Contains(TrainValidate(s, "layers", "3", 1), "flow:") {
		t.Errorf("the engine's package prefix should not reach the page")
	}
}

// TestTrainNumber checks the short number format of the form.
func TestTrainNumber(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{1e-3, "0.001"}, {1e-4, "0.0001"}, {1e-6, "1e-6"}, {3e-7, "3e-7"}, {100000, "100000"}, {-1, "-1"}, {1e21, "1e21"}, {0.5, "0.5"}} {
		if got := format.Brief(tc.x); got != tc.want {
			t.Errorf("format.Brief(%g) = %q, want %q", tc.x, got, tc.want)
		}
		if back, err := strconv.ParseFloat(format.Brief(tc.x), 64); err != nil || back != tc.x {
			t.Errorf("format.Brief(%g) does not parse back: %v %v", tc.x, back, err)
		}
	}
}

// TestTrainStepsPerEpoch checks the trainer's rule for steps per epoch.
func TestTrainStepsPerEpoch(t *testing.T) {
	for _, tc := range []struct{ n, batch, want int }{
		{74126, 1000, 75}, {386, 100, 4}, {386, 64, 7}, {10, 100, 1}, {100, 100, 1}, {101, 100, 2}, {0, 10, 0},
	} {
		if got := StepsPerEpoch(tc.n, tc.batch); got != tc.want {
			t.Errorf("StepsPerEpoch(%d, %d) = %d, want %d", tc.n, tc.batch, got, tc.want)
		}
	}
}

// TestModelChoicesAreTheFamilies checks that the model and preset selects
// offer every registered family, in the engine's order, and that each
// family's choice survives the URL hash and builds a valid setup.
func TestModelChoicesAreTheFamilies(t *testing.T) {
	var got []string
	for _, c := range ModelChoices() {
		got = append(got, c.Value)
		if c.Label == "" {
			t.Errorf("model %s has no label", c.Value)
		}
	}
	if want := flow.FamilyNames(); fmt.Sprint(got) != fmt.Sprint(want) || len(want) < 3 {
		t.Fatalf("model choices %v, want the families %v", got, want)
	}
	presets := map[string]bool{}
	for _, c := range TrainChoices() {
		presets[c.Value] = true
	}
	for _, model := range got {
		if !presets[PaperChoice(model)] {
			t.Errorf("no paper preset choice for %s", model)
		}
		s, notes := Decode("model=" + model + "&preset=quick")
		if len(notes) > 0 || s.Model != model {
			t.Errorf("hash model=%s: model %q, notes %v", model, s.Model, notes)
		}
		if back, _ := Decode(s.Encode()); back != s {
			t.Errorf("%s: the hash does not round-trip: %q", model, s.Encode())
		}
		for _, preset := range experiment.PresetNames {
			s.ApplyPreset(preset)
			setup, err := s.Setup(4)
			if err != nil || setup.Config.Model != model {
				t.Errorf("%s, %s preset: setup %+v, %v", model, preset, setup.Config, err)
			}
		}
	}
	if _, notes := Decode("model=glow"); len(notes) != 1 || !strings.Contains(notes[0], "spline") {
		t.Errorf("an unknown model should be refused naming the choices: %v", notes)
	}
}
