package app

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/web/format"
)

// Preset choices of the train view's preset select. A paper choice is the
// "paper" preset together with its model ("paper-" + a family name, see
// PaperChoice); State keeps the two apart.
const (
	TrainChoiceQuick        = "quick"
	TrainChoicePaperRealNVP = "paper-" + flow.ModelRealNVP
	TrainChoicePaperMADE    = "paper-" + flow.ModelMADE
)

// paperChoicePrefix starts every paper choice.
const paperChoicePrefix = "paper-"

// PaperChoice is the preset select's value for the paper preset of model.
func PaperChoice(model string) string { return paperChoicePrefix + model }

// Choice is one option of a select: its value and what people read.
type Choice struct{ Value, Label string }

// ModelChoices are the model select's options: every registered flow family
// (flow.Families), in its order.
func ModelChoices() []Choice {
	var out []Choice
	for _, f := range flow.Families() {
		out = append(out, Choice{f.Name, ModelOption(f.Name)})
	}
	return out
}

// TrainChoices are the preset select's options: the quick preset, the paper
// preset of every family, and custom settings.
func TrainChoices() []Choice {
	out := []Choice{{TrainChoiceQuick, "Quick: trains in seconds"}}
	for _, f := range flow.Families() {
		label := "Paper: " + f.Title + " (Table II)"
		if !inPaper(f.Name) {
			label = "Paper size: " + f.Title + " (Real NVP's Table II architecture)"
		}
		out = append(out, Choice{PaperChoice(f.Name), label})
	}
	return append(out, Choice{PresetCustom, "Custom settings"})
}

// inPaper reports whether the paper (Table II) trained the family.
func inPaper(model string) bool { return model == flow.ModelRealNVP || model == flow.ModelMADE }

// IsPaperChoice reports whether choice is the paper preset of some family.
func IsPaperChoice(choice string) bool {
	model, ok := strings.CutPrefix(choice, paperChoicePrefix)
	if !ok {
		return false
	}
	_, known := flow.LookupFamily(model)
	return known
}

// TrainChoice is the preset select's value for s: TrainChoiceQuick, the
// paper choice for s.Model, or PresetCustom.
func TrainChoice(s State) string {
	switch s.Preset {
	case experiment.PresetQuick:
		return TrainChoiceQuick
	case experiment.PresetPaper:
		return PaperChoice(s.Model)
	}
	return PresetCustom
}

// ApplyTrainChoice applies a preset select value to s: a paper choice also
// sets the model; PresetCustom keeps every value and only marks s custom.
// It reports false (changing nothing) for an unknown choice.
func ApplyTrainChoice(s *State, choice string) bool {
	switch {
	case choice == TrainChoiceQuick:
		s.ApplyPreset(experiment.PresetQuick)
	case IsPaperChoice(choice):
		s.Model = strings.TrimPrefix(choice, paperChoicePrefix)
		s.ApplyPreset(experiment.PresetPaper)
	case choice == PresetCustom:
		s.Preset = PresetCustom
	default:
		return false
	}
	return true
}

// TrainField is one editable training setting of the train view: how it is
// labelled and explained, and (embedded) its entry in the hash's field
// table, which gives the range it accepts and how it reads and writes State.
type TrainField struct {
	Key string // the URL-hash key; also the input's id ("train-" + Key)
	// Label and Help (one sentence shown under the input) name the classes
	// and rows by App.Words's placeholders, which LabelFor and HelpFor fill
	// in for the data in use.
	Label string
	Help  string
	Group string // the fieldset it belongs to
	field
}

// LabelFor is the field's label with a's class names (see ClassNamesOf).
func (f TrainField) LabelFor(a *App) string { return a.Words(f.Label) }

// HelpFor is the field's help sentence with a's class names and rows.
func (f TrainField) HelpFor(a *App) string { return a.Words(f.Help) }

// trainField is the setting with hash key key, described for the form.
func trainField(key, label, group, help string) TrainField {
	f, ok := fieldByKey(key)
	if !ok {
		panic("app: no hash field " + key) // a programming error, caught by every test
	}
	return TrainField{Key: key, Label: label, Group: group, Help: help, field: f}
}

// IsBool reports whether the field is a checkbox.
func (f TrainField) IsBool() bool { return f.kind == kindBool }

// InputMode is the inputmode attribute of the field's text input (which
// keyboard a phone shows).
func (f TrainField) InputMode() string {
	switch f.kind {
	case kindInt, kindSeed:
		return "numeric"
	}
	return "text" // decimals need "e" and "-"
}

// Range describes the accepted values, e.g. "1–32".
func (f TrainField) Range() string {
	switch f.kind {
	case kindSeed:
		return "a whole number ≥ 0"
	case kindBool:
		return "on or off"
	}
	return format.Brief(f.lo) + " to " + format.Brief(f.hi)
}

// Group names of TrainFields, in the order the form shows them.
var TrainGroups = []string{"Architecture", "Optimiser", "When to stop", "Data and randomness"}

// TrainFields lists the editable settings in the order the form shows them.
var TrainFields = []TrainField{
	trainField("layers", "Layers", TrainGroups[0],
		"Invertible layers (coupling or autoregressive), with a feature permutation between them.{paper:  Paper: 8.}"),
	trainField("hidden", "Hidden layers", TrainGroups[0],
		"Hidden layers of the small neural network inside each layer.{paper:  Paper: 4 (Real NVP), 2 (MADE); the spline flow uses Real NVP's.}"),
	trainField("units", "Hidden units", TrainGroups[0],
		"Neurons per hidden layer.{paper:  Paper: 100 (Real NVP), 200 (MADE).}"),
	trainField("ens", "Flows per class", TrainGroups[0],
		"Train this many flows per class one after the other, each from its own random start, and use the mean of their densities (an ensemble): the mean of densities is still a density, and it is steadier from seed to seed. Training takes about this many times as long; the inspector shows the first flow's layers.{paper:  The paper trained one; over 30 seeds, 3 per class raised the average precision by about 0.004 above one.}"),
	trainField("lr0", "Learning rate, start", TrainGroups[1],
		"Adam's step size at the first step.{paper:  Paper: 0.001.}"),
	trainField("lr1", "Learning rate, end", TrainGroups[1],
		"The step size decays to this by the last allowed step (polynomial decay, power ½).{paper:  Paper: 0.0001.}"),
	trainField("b0", "Batch, {0}", TrainGroups[1],
		"Training {rows} of the {0} class averaged in each optimiser step.{paper:  Paper: 1000.}"),
	trainField("b1", "Batch, {1}", TrainGroups[1],
		"Training {rows} of the {1} class per step: the smaller class gets a smaller batch, so that it still has several steps per epoch.{paper:  Paper: 100, for about 190 times fewer stars.}"),
	trainField("e0", "Max epochs, {0}", TrainGroups[2],
		"At most this many passes over the {0} training {rows}."),
	trainField("e1", "Max epochs, {1}", TrainGroups[2],
		"At most this many passes over the {1} training {rows}."),
	trainField("tol", "Stop tolerance", TrainGroups[2],
		"Stop early when the test loss changes by less than this fraction from one epoch to the next; negative never stops early.{paper:  Paper: 10⁻⁶ (type 1e-6).}"),
	trainField("std", "Standardise features", TrainGroups[3],
		"Shift and scale each feature to mean 0, spread 1 before the flow; the step is part of the flow, so densities stay in the data's own units.{paper:  The paper did not.}"),
	trainField("seed", "Seed", TrainGroups[3],
		"Fixes the train/test/validation split, the initial weights and the batch order: the same seed repeats a run exactly in this page.{paper:  The pretrained flows were trained natively (flowlab reproduce), where gonum's assembly kernels sum in another order than the browser's WebAssembly and round differently in the last bits; over thousands of steps that grows, so retraining their settings here lands close to them (the ROC AUC within about 0.0001, a few stars either side of the cut), not on the same digits.}"),
}

// TrainFieldsIn returns the fields of one group, in order.
func TrainFieldsIn(group string) []TrainField {
	var out []TrainField
	for _, f := range TrainFields {
		if f.Group == group {
			out = append(out, f)
		}
	}
	return out
}

// TrainFieldByKey returns the field with key k.
func TrainFieldByKey(k string) (TrainField, bool) {
	for _, f := range TrainFields {
		if f.Key == k {
			return f, true
		}
	}
	return TrainField{}, false
}

// Text formats the field's value in s as the form shows it: as the hash
// writes it, but decimals briefly and switches as on or off.
func (f TrainField) Text(s *State) string {
	switch f.kind {
	case kindFloat:
		return format.Brief(*f.num(s))
	case kindBool:
		if *f.flag(s) {
			return "on"
		}
		return "off"
	}
	return f.get(s)
}

// Checked reports a bool field's value in s.
func (f TrainField) Checked(s *State) bool { return f.kind == kindBool && *f.flag(s) }

// Set parses text and stores it in s, or returns what is wrong with it in
// plain words (s is then unchanged). Bool fields take "on"/"off".
func (f TrainField) Set(s *State, text string) error {
	text = strings.TrimSpace(text)
	switch f.kind {
	case kindInt:
		n, err := strconv.Atoi(text)
		if err != nil {
			if text == "" {
				return errors.New("enter a whole number")
			}
			if _, ferr := strconv.ParseFloat(text, 64); ferr == nil {
				return fmt.Errorf("%q is not a whole number", text)
			}
			return fmt.Errorf("%q is not a number", text)
		}
		if float64(n) < f.lo || float64(n) > f.hi {
			return fmt.Errorf("must be between %s and %s", format.Brief(f.lo), format.Brief(f.hi))
		}
		*f.whole(s) = n
	case kindFloat:
		x, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			if text == "" {
				return errors.New("enter a number, e.g. 0.001 or 1e-3")
			}
			return fmt.Errorf("%q is not a number (write e.g. 0.001 or 1e-3)", text)
		}
		if x < f.lo || x > f.hi {
			return fmt.Errorf("must be between %s and %s", format.Brief(f.lo), format.Brief(f.hi))
		}
		*f.num(s) = x
	case kindSeed:
		n, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			if text == "" {
				return errors.New("enter a whole number ≥ 0")
			}
			return fmt.Errorf("%q is not a whole number ≥ 0", text)
		}
		s.Seed = n
	case kindBool:
		switch text {
		case "on", "true", "1":
			*f.flag(s) = true
		case "off", "false", "0":
			*f.flag(s) = false
		default:
			return fmt.Errorf("%q is not on or off", text)
		}
	}
	return nil
}

// CheckSetup validates a whole candidate state with the engine for dim
// features (dim ≤ 0: the bundled data's 4), returning the engine's message
// without its package prefix, or "".
func CheckSetup(s State, dim int) string {
	if dim <= 0 {
		dim = 4
	}
	if _, err := s.Setup(dim); err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, flow.ErrConfig.Error()+": ")
		return msg
	}
	return ""
}

// TrainValidate returns the problem with typing text into field key when
// the other settings are those of s and the data has dim features: the
// field's own check (a number in range), then the engine's validation of the
// whole setup. "" means the value is usable.
func TrainValidate(s State, key, text string, dim int) string {
	f, ok := TrainFieldByKey(key)
	if !ok {
		return "unknown setting " + strconv.Quote(key)
	}
	if err := f.Set(&s, text); err != nil {
		return err.Error()
	}
	return CheckSetup(s, dim)
}

// CopyTrainSettings copies the model, preset and every TrainField from src
// into dst, leaving the dataset, view and inspector fields alone.
func CopyTrainSettings(dst *State, src State) {
	dst.Model, dst.Preset = src.Model, src.Preset
	dst.Layers, dst.Hidden, dst.Units, dst.Members = src.Layers, src.Hidden, src.Units, src.Members
	dst.LRStart, dst.LREnd, dst.Tol, dst.Std, dst.Seed = src.LRStart, src.LREnd, src.Tol, src.Std, src.Seed
	dst.Batch0, dst.Batch1, dst.Epochs0, dst.Epochs1 = src.Batch0, src.Batch1, src.Epochs0, src.Epochs1
}

// SameTrainSettings reports whether a and b train the same way.
func SameTrainSettings(a, b State) bool {
	var x, y State
	CopyTrainSettings(&x, a)
	CopyTrainSettings(&y, b)
	return x == y
}

// TrainArch summarises a flow architecture for people.
type TrainArch struct {
	Params  int    // stored parameters per flow (layers and base)
	Trained int    // parameters the optimiser changes (MADE masks hold the rest at zero)
	Net     string // one layer's network, e.g. "2 → 100 → 100 → 4"
}

// TrainParamCount is the number of parameters of one flow with cfg (the
// engine's flow.NumParams), 0 for an invalid cfg.
func TrainParamCount(cfg flow.Config) int {
	n, err := flow.NumParams(cfg)
	if err != nil {
		return 0
	}
	return n
}

// trainArchCache remembers the last summary (MADE's trained count needs the
// masks, so it builds the flow once).
var trainArchCache struct {
	cfg  flow.Config
	arch TrainArch
}

// TrainArchOf summarises cfg (assumed valid).
func TrainArchOf(cfg flow.Config) TrainArch {
	if trainArchCache.cfg == cfg && trainArchCache.arch.Params > 0 {
		return trainArchCache.arch
	}
	a := TrainArch{Params: TrainParamCount(cfg)}
	if fam, ok := flow.LookupFamily(cfg.Model); ok {
		full := cfg
		if fam.Defaults != nil {
			fam.Defaults(&full)
		}
		sizes := fam.Sizes(full)
		parts := make([]string, len(sizes))
		for i, n := range sizes {
			parts[i] = strconv.Itoa(n)
		}
		a.Net = strings.Join(parts, " → ")
	}
	a.Trained = a.Params
	if cfg.Model == flow.ModelMADE {
		if f, err := flow.New(cfg, nil); err == nil {
			a.Trained = 0
			for _, m := range f.ParamMask() {
				a.Trained += int(m)
			}
		}
	}
	trainArchCache.cfg, trainArchCache.arch = cfg, a
	return a
}

// StepsPerEpoch is the optimiser steps in one pass over n rows with the
// given batch size (the trainer's own rule: a batch never exceeds n).
func StepsPerEpoch(n, batch int) int {
	if n <= 0 || batch <= 0 {
		return 0
	}
	bs := min(batch, n)
	return (n + bs - 1) / bs
}
