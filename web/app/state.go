package app

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
)

// State is everything the URL hash restores: the dataset, the model and its
// settings, the seed, the view and the inspector's position. Defaults are the
// zero-argument DefaultState. Decode clamps every field to the range the UI
// offers and reports what it had to change.
type State struct {
	Dataset string // "rrlyrae", a data.ToyNames entry, or "upload"
	Model   string // a registered flow family (flow.FamilyNames)
	Preset  string // experiment preset name, or "custom" once a field was edited
	Layers  int
	Hidden  int
	Units   int
	Members int // flows per class, averaged in density (an ensemble; 1: one flow)
	LRStart float64
	LREnd   float64
	Batch0  int // background batch size
	Batch1  int // RR Lyrae batch size
	Epochs0 int // background max epochs
	Epochs1 int // RR Lyrae max epochs
	Tol     float64
	Std     bool
	Seed    uint64
	View    string  // one of Views
	Layer   int     // inspector layer, 0 = base … K = data
	Reverse bool    // inspector direction: data pulled back to the base
	Cut     float64 // results cut on t
	PairX   int     // inspector feature pair
	PairY   int
	Workers int // workers per batch of the background flow; 0 means automatic
	Flow    int // the class flow the inspector shows: 0 background, 1 RR Lyrae
	Seeds   int // how many seeds "run several seeds" trains
}

// Views are the page's views in navigation order.
var Views = []string{"data", "train", "inspect", "results"}

// PresetCustom marks settings edited away from a preset.
const PresetCustom = "custom"

// DatasetBundled is the bundled RR Lyrae data; DatasetUpload a visitor's CSV.
const (
	DatasetBundled = "rrlyrae"
	DatasetUpload  = "upload"
)

// DefaultState is the page's state with an empty hash: the bundled data, the
// quick Real NVP preset, seed 1, the data view.
func DefaultState() State {
	s := State{Dataset: DatasetBundled, Model: flow.ModelRealNVP, Seed: 1, View: "data", PairX: 0, PairY: 1, Flow: 1, Seeds: DefaultSweepSeeds}
	s.ApplyPreset(experiment.PresetQuick)
	return s
}

// ApplyPreset copies a preset's architecture and training settings into s
// (for s.Model and 4 features; dim does not change these fields).
func (s *State) ApplyPreset(name string) {
	setup, err := experiment.Preset(name, s.Model, 4)
	if err != nil {
		return
	}
	s.Preset = name
	c, a, b := setup.Config, setup.Settings[0], setup.Settings[1]
	s.Layers, s.Hidden, s.Units, s.Members = c.Layers, c.Hidden, c.Units, max(1, a.Members)
	s.LRStart, s.LREnd, s.Tol, s.Std = a.LRStart, a.LREnd, a.Tol, a.Standardize
	s.Batch0, s.Batch1, s.Epochs0, s.Epochs1 = a.BatchSize, b.BatchSize, a.MaxEpochs, b.MaxEpochs
}

// Setup returns the experiment setup the state describes for dim features:
// the preset's (so fields the form does not show, such as the decay, keep the
// preset's values) with the state's fields applied.
func (s State) Setup(dim int) (experiment.Setup, error) {
	base := s.Preset
	if base == PresetCustom {
		base = experiment.PresetQuick
	}
	setup, err := experiment.Preset(base, s.Model, dim)
	if err != nil {
		return setup, err
	}
	setup.Preset = s.Preset
	setup.Config.Layers, setup.Config.Hidden, setup.Config.Units = s.Layers, s.Hidden, s.Units
	for c := range 2 {
		st := &setup.Settings[c]
		st.LRStart, st.LREnd, st.Tol, st.Standardize = s.LRStart, s.LREnd, s.Tol, s.Std
		if s.Members != max(1, st.Members) {
			st.Members = s.Members // the preset's own count stays as the preset has it (0 or 1: one flow)
		}
	}
	setup.Settings[0].BatchSize, setup.Settings[1].BatchSize = s.Batch0, s.Batch1
	setup.Settings[0].MaxEpochs, setup.Settings[1].MaxEpochs = s.Epochs0, s.Epochs1
	if s.Preset == experiment.PresetPaper {
		setup.Settings[0].KeepBest, setup.Settings[1].KeepBest = false, false
	}
	if err := setup.Config.Validate(); err != nil {
		return setup, err
	}
	for c := range 2 {
		if err := setup.Settings[c].Validate(); err != nil {
			return setup, err
		}
	}
	return setup, nil
}

// fieldKind says how a field is written and typed in.
type fieldKind int

const (
	kindInt    fieldKind = iota // a whole number in [lo, hi]
	kindFloat                   // a decimal number in [lo, hi]
	kindSeed                    // a whole number ≥ 0 (uint64)
	kindBool                    // on or off
	kindChoice                  // one of choices()
)

// field is one State field in the one table that the URL hash and the
// settings form (TrainFields) both read: its hash key, its kind, the range it
// accepts and where it lives in State.
type field struct {
	key     string
	kind    fieldKind
	lo, hi  float64
	whole   func(*State) *int
	num     func(*State) *float64
	flag    func(*State) *bool
	text    func(*State) *string
	choices func() []string
}

func intField(key string, p func(*State) *int, lo, hi int) field {
	return field{key: key, kind: kindInt, lo: float64(lo), hi: float64(hi), whole: p}
}

func floatField(key string, p func(*State) *float64, lo, hi float64) field {
	return field{key: key, kind: kindFloat, lo: lo, hi: hi, num: p}
}

func boolField(key string, p func(*State) *bool) field {
	return field{key: key, kind: kindBool, flag: p}
}

func choiceField(key string, p func(*State) *string, choices func() []string) field {
	return field{key: key, kind: kindChoice, text: p, choices: choices}
}

// get writes the field's value in s as the hash does.
func (f field) get(s *State) string {
	switch f.kind {
	case kindInt:
		return strconv.Itoa(*f.whole(s))
	case kindFloat:
		return strconv.FormatFloat(*f.num(s), 'g', -1, 64)
	case kindSeed:
		return strconv.FormatUint(s.Seed, 10)
	case kindBool:
		if *f.flag(s) {
			return "1"
		}
		return "0"
	}
	return *f.text(s)
}

// set reads a hash value into s, clamping it to the field's range, and
// says what was wrong with it ("" if nothing).
func (f field) set(s *State, v string) (note string) {
	key := f.key
	switch f.kind {
	case kindInt:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Sprintf("%s=%q is not a whole number", key, v)
		}
		lo, hi := int(f.lo), int(f.hi)
		c := min(max(n, lo), hi)
		*f.whole(s) = c
		if c != n {
			return fmt.Sprintf("%s=%d is outside %d…%d; using %d", key, n, lo, hi, c)
		}
	case kindFloat:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) {
			return fmt.Sprintf("%s=%q is not a number", key, v)
		}
		c := math.Min(math.Max(x, f.lo), f.hi)
		*f.num(s) = c
		if c != x {
			return fmt.Sprintf("%s=%g is outside %g…%g; using %g", key, x, f.lo, f.hi, c)
		}
	case kindSeed:
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Sprintf("%s=%q is not a whole number ≥ 0", key, v)
		}
		s.Seed = n
	case kindBool:
		switch v {
		case "1", "true":
			*f.flag(s) = true
		case "0", "false":
			*f.flag(s) = false
		default:
			return fmt.Sprintf("%s=%q is not 0 or 1", key, v)
		}
	case kindChoice:
		if !slices.Contains(f.choices(), v) {
			return fmt.Sprintf("%s=%q is not one of %s", key, v, strings.Join(f.choices(), ", "))
		}
		*f.text(s) = v
	}
	return ""
}

// fieldByKey returns the field with hash key k from the one table.
func fieldByKey(k string) (field, bool) {
	for _, f := range fields {
		if f.key == k {
			return f, true
		}
	}
	return field{}, false
}

// fields is the one table of hash keys, in the order Encode writes them.
var fields = []field{
	choiceField("data", func(s *State) *string { return &s.Dataset }, func() []string {
		return append([]string{DatasetBundled, DatasetUpload}, data.ToyNames...)
	}),
	choiceField("model", func(s *State) *string { return &s.Model }, func() []string { return flow.FamilyNames() }),
	choiceField("preset", func(s *State) *string { return &s.Preset }, func() []string { return append(slices.Clone(experiment.PresetNames), PresetCustom) }),
	intField("layers", func(s *State) *int { return &s.Layers }, 1, 32),
	intField("hidden", func(s *State) *int { return &s.Hidden }, 0, 8),
	intField("units", func(s *State) *int { return &s.Units }, 1, 512),
	intField("ens", func(s *State) *int { return &s.Members }, 1, flow.MaxMembers),
	floatField("lr0", func(s *State) *float64 { return &s.LRStart }, 1e-6, 0.1),
	floatField("lr1", func(s *State) *float64 { return &s.LREnd }, 1e-7, 0.1),
	intField("b0", func(s *State) *int { return &s.Batch0 }, 1, 100000),
	intField("b1", func(s *State) *int { return &s.Batch1 }, 1, 100000),
	intField("e0", func(s *State) *int { return &s.Epochs0 }, 1, 10000),
	intField("e1", func(s *State) *int { return &s.Epochs1 }, 1, 10000),
	floatField("tol", func(s *State) *float64 { return &s.Tol }, -1, 1),
	boolField("std", func(s *State) *bool { return &s.Std }),
	{key: "seed", kind: kindSeed},
	choiceField("view", func(s *State) *string { return &s.View }, func() []string { return Views }),
	intField("layer", func(s *State) *int { return &s.Layer }, 0, 200),
	boolField("rev", func(s *State) *bool { return &s.Reverse }),
	floatField("cut", func(s *State) *float64 { return &s.Cut }, -1000, 1000),
	intField("px", func(s *State) *int { return &s.PairX }, 0, data.MaxFeatures-1),
	intField("py", func(s *State) *int { return &s.PairY }, 0, data.MaxFeatures-1),
	intField("workers", func(s *State) *int { return &s.Workers }, 0, 16),
	intField("flow", func(s *State) *int { return &s.Flow }, 0, 1),
	intField("seeds", func(s *State) *int { return &s.Seeds }, MinSweepSeeds, MaxSweepSeeds),
}

// hashBase is what a link naming model and preset starts from before its
// other fields: DefaultState with that preset's values for that model, so
// that "model=made" alone is the Quick MADE (6 layers, 5 background
// epochs), as the CLI's -preset quick -model made, and not the default
// Real NVP's architecture under MADE's name. Custom settings start from
// DefaultState's values.
func hashBase(model, preset string) State {
	s := DefaultState()
	s.Model = model
	if preset == PresetCustom {
		s.Preset = preset
	} else {
		s.ApplyPreset(preset)
	}
	return s
}

// Encode writes s as a URL hash (without the leading #), listing only the
// model and preset where they differ from DefaultState's and the other
// fields where they differ from what those two give (hashBase), so links
// stay short.
func (s State) Encode() string {
	def, base := DefaultState(), hashBase(s.Model, s.Preset)
	v := url.Values{}
	var keys []string
	for _, f := range fields {
		against := &base
		if f.key == "model" || f.key == "preset" {
			against = &def
		}
		if got := f.get(&s); got != f.get(against) {
			v.Set(f.key, got)
			keys = append(keys, f.key)
		}
	}
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v.Get(k)))
	}
	return b.String()
}

// Decode reads a URL hash (with or without the leading #): its model and
// preset first, which give the base (hashBase), then every other field on
// top. Unknown keys and bad values are ignored or clamped, and each such
// repair is described in notes for the page to show.
func Decode(hash string) (s State, notes []string) {
	s = DefaultState()
	v, err := url.ParseQuery(strings.TrimPrefix(hash, "#"))
	if err != nil {
		return s, []string{"the link's settings could not be read: " + err.Error()}
	}
	for _, k := range []string{"model", "preset"} { // first: the base the other fields apply to
		if f, _ := fieldByKey(k); len(v[k]) > 0 {
			f.set(&s, v[k][len(v[k])-1]) // a bad value is reported below
		}
	}
	s = hashBase(s.Model, s.Preset)
	known := map[string]bool{}
	for _, f := range fields {
		known[f.key] = true
		if vals, ok := v[f.key]; ok && len(vals) > 0 {
			if note := f.set(&s, vals[len(vals)-1]); note != "" {
				notes = append(notes, note)
			}
		}
	}
	for k := range v {
		if !known[k] {
			notes = append(notes, fmt.Sprintf("unknown setting %q ignored", k))
		}
	}
	slices.Sort(notes)
	return s, notes
}
