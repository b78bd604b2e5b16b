package app_test

import (
	"reflect"
	"strings"
	"testing"

	. "flowlab/web/app"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// TestStateRoundTrip checks Decode(Encode(s)) == s for the default and for
// states with every field changed.
func TestStateRoundTrip(t *testing.T) {
	paper := DefaultState()
	paper.Model = flow.ModelMADE
	paper.ApplyPreset(experiment.PresetPaper)
	custom := State{Dataset: "moons", Model: flow.ModelRealNVP, Preset: PresetCustom, Layers: 3, Hidden: 1, Units: 17, Members: 4,
		LRStart: 0.002, LREnd: 2.5e-5, Batch0: 33, Batch1: 7, Epochs0: 9, Epochs1: 11, Tol: -1, Std: false, Seed: 18446744073709551615,
		View: "inspect", Layer: 5, Reverse: true, Cut: -5.26, PairX: 2, PairY: 3, Workers: 3, Flow: 0, Seeds: 7}
	for _, s := range []State{DefaultState(), paper, custom} {
		got, notes := Decode(s.Encode())
		if len(notes) != 0 {
			t.Errorf("notes for %q: %v", s.Encode(), notes)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("Decode(Encode(s)) = %+v\nwant %+v (hash %q)", got, s, s.Encode())
		}
	}
	if h := DefaultState().Encode(); h != "" {
		t.Errorf("default state encodes as %q, want empty", h)
	}
}

// TestStateDecodeClamps checks that hostile or stale links are repaired and
// every repair is reported.
func TestStateDecodeClamps(t *testing.T) {
	cases := []struct {
		hash  string
		check func(State) bool
		note  string
	}{
		{"#layers=9999", func(s State) bool { return s.Layers == 32 }, "layers=9999 is outside"},
		{"units=0", func(s State) bool { return s.Units == 1 }, "units=0 is outside"},
		{"model=gan", func(s State) bool { return s.Model == flow.ModelRealNVP }, `model="gan" is not one of`},
		{"lr0=NaN", func(s State) bool { return s.LRStart == DefaultState().LRStart }, "lr0=\"NaN\" is not a number"},
		{"seed=-3", func(s State) bool { return s.Seed == 1 }, "seed=\"-3\""},
		{"view=admin", func(s State) bool { return s.View == "data" }, "view=\"admin\""},
		{"std=maybe", func(s State) bool { return s.Std == DefaultState().Std }, "std=\"maybe\""},
		{"cut=1e9", func(s State) bool { return s.Cut == 1000 }, "cut=1e+09 is outside"},
		{"bogus=1", func(s State) bool { return reflect.DeepEqual(s, DefaultState()) }, `unknown setting "bogus"`},
		{"%zz", func(s State) bool { return reflect.DeepEqual(s, DefaultState()) }, "could not be read"},
	}
	for _, c := range cases {
		s, notes := Decode(c.hash)
		if !c.check(s) {
			t.Errorf("Decode(%q) = %+v", c.hash, s)
		}
		if len(notes) != 1 || !strings.Contains(notes[0], c.note) {
			t.Errorf("Decode(%q) notes %q, want one containing %q", c.hash, notes, c.note)
		}
	}
}

// TestStateSetup checks that the state's fields reach the experiment setup.
func TestStateSetup(t *testing.T) {
	s := DefaultState()
	s.Layers, s.Units, s.Batch1, s.Epochs0 = 2, 8, 10, 1
	setup, err := s.Setup(2)
	if err != nil {
		t.Fatal(err)
	}
	if setup.Config.Layers != 2 || setup.Config.Units != 8 || setup.Config.Dim != 2 ||
		setup.Settings[1].BatchSize != 10 || setup.Settings[0].MaxEpochs != 1 {
		t.Errorf("setup %+v", setup)
	}
	s.LRStart = 5 // out of the engine's range: Setup reports it
	if _, err := s.Setup(4); err == nil {
		t.Error("Setup accepted a learning rate of 5")
	}
}

// TestStateHashPresets: a link that names only a model and a preset gets
// that preset's settings for that model, the CLI's -preset P -model M (it
// used to get the default Real NVP's layers and epochs under the other
// name), and every model × preset state, custom ones included, round-trips.
func TestStateHashPresets(t *testing.T) {
	for _, model := range flow.FamilyNames() {
		for _, preset := range experiment.PresetNames {
			for _, hash := range []string{"model=" + model + "&preset=" + preset, "preset=" + preset + "&model=" + model} {
				s, notes := Decode(hash)
				if len(notes) > 0 {
					t.Fatalf("%s: notes %v", hash, notes)
				}
				got, err := s.Setup(4)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := experiment.Preset(preset, model, 4)
				if preset == experiment.PresetPaper {
					want.Settings[0].KeepBest, want.Settings[1].KeepBest = false, false
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: setup\n%+v\nwant the preset's\n%+v", hash, got, want)
				}
			}
			s := DefaultState()
			s.Model = model
			s.ApplyPreset(preset)
			edited := s
			edited.Preset, edited.Layers, edited.Epochs0 = PresetCustom, 8, 7 // the default Real NVP's values, under another model
			for _, st := range []State{s, edited} {
				if back, notes := Decode(st.Encode()); back != st || len(notes) > 0 {
					t.Errorf("%s %s: %q decodes to %+v, want %+v (notes %v)", model, st.Preset, st.Encode(), back, st, notes)
				}
			}
		}
	}
	if s, _ := Decode("model=made&layers=3"); s.Layers != 3 || s.Epochs0 != 5 {
		t.Errorf("model=made&layers=3: layers %d, background epochs %d; want 3 and Quick MADE's 5", s.Layers, s.Epochs0)
	}
}
