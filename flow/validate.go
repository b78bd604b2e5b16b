package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// Caps on saved models, so that a model file cannot exhaust memory or carry
// numbers that turn every score into NaN.
const (
	// MaxModelBytes is the largest model or classifier file ReadModel and
	// experiment.ReadPair read (the paper's flows take about 7 MB each).
	MaxModelBytes = 64 << 20
	// MaxModelParams is the most parameters a saved flow may have (the paper's
	// Real NVP has 248,032 for 4 features, its MADE 342,464).
	MaxModelParams = 2_000_000
	// MaxParamMagnitude is the largest absolute parameter value a saved flow
	// may have; trained flows' parameters are of order 1.
	MaxParamMagnitude = 1e6
	// MaxShiftScale bounds the standardisation's |shift| and scale; it equals
	// data.MaxMagnitude, the largest feature value a table may hold.
	MaxShiftScale = 1e50
)

// NumParams returns the number of parameters of a flow built for cfg,
// computed from the configuration without allocating anything. It fails,
// wrapping ErrConfig, if cfg is invalid.
func NumParams(cfg Config) (int, error) {
	if err := cfg.Validate(); err != nil {
		return 0, err
	}
	cfg = cfg.withDefaults()
	fam, _ := LookupFamily(cfg.Model)
	n := denseParams(fam.Sizes(cfg)) * cfg.Layers
	if cfg.Base == BaseGMM {
		n += cfg.BaseComponents * gmmBlock(cfg.Dim)
		if cfg.Defensive > 0 { // the defensive mixture's frozen start
			n += startComponents(cfg) * gmmBlock(cfg.Dim)
		}
	}
	return n, nil
}

// CheckSize fails, wrapping ErrConfig, if cfg is invalid or has more than
// MaxModelParams parameters. Use it before building a flow from an untrusted
// configuration.
func CheckSize(cfg Config) error {
	n, err := NumParams(cfg)
	if err != nil {
		return err
	}
	if n > MaxModelParams {
		return fmt.Errorf("%w: %d layers of %d hidden layers × %d units for %d features make %d parameters; at most %d are allowed",
			ErrConfig, cfg.Layers, cfg.Hidden, cfg.Units, cfg.Dim, n, MaxModelParams)
	}
	return nil
}

// ValidateModel checks a model read from a file before its flow is built:
// the configuration and its size (CheckSize), the parameter count, every
// parameter finite and at most MaxParamMagnitude in magnitude, the
// standardisation (positive scales, everything finite and within
// MaxShiftScale) and the feature names. Errors wrap ErrModel.
func ValidateModel(m *Model) error {
	if m == nil {
		return fmt.Errorf("%w: no model", ErrModel)
	}
	if m.Format != ModelFormat {
		return fmt.Errorf("%w: format %q, want %q", ErrModel, shortText(m.Format), ModelFormat)
	}
	if err := CheckSize(m.Config); err != nil {
		return fmt.Errorf("%w: %w", ErrModel, err)
	}
	n, _ := NumParams(m.Config)
	if len(m.Params) != n {
		return fmt.Errorf("%w: %d parameters, the configuration needs %d", ErrModel, len(m.Params), n)
	}
	for i, v := range m.Params {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxParamMagnitude {
			return fmt.Errorf("%w: parameter %d is %v; a trained flow's parameters are at most %g in magnitude", ErrModel, i, v, MaxParamMagnitude)
		}
	}
	if len(m.Shift) > 0 || len(m.Scale) > 0 {
		if len(m.Shift) != m.Config.Dim || len(m.Scale) != m.Config.Dim {
			return fmt.Errorf("%w: standardisation has %d/%d values for %d features", ErrModel, len(m.Shift), len(m.Scale), m.Config.Dim)
		}
		for i, s := range m.Scale {
			sh := m.Shift[i]
			if !(s > 0 && s <= MaxShiftScale) || !(math.Abs(sh) <= MaxShiftScale) {
				return fmt.Errorf("%w: standardisation of feature %d is invalid (shift %v, scale %v)", ErrModel, i, sh, s)
			}
		}
	}
	if len(m.Features) != 0 && len(m.Features) != m.Config.Dim {
		return fmt.Errorf("%w: %d feature names for %d features", ErrModel, len(m.Features), m.Config.Dim)
	}
	if err := validateMembers(m); err != nil {
		return err
	}
	return ValidateNames(m.Features)
}

// validateMembers checks an ensemble's other members (Model.Members): at
// most MaxMembers flows in all, each a valid single flow of m's features.
func validateMembers(m *Model) error {
	if len(m.Members) == 0 {
		return nil
	}
	if len(m.Members)+1 > MaxMembers {
		return fmt.Errorf("%w: an ensemble of %d flows, at most %d", ErrModel, len(m.Members)+1, MaxMembers)
	}
	for k, mm := range m.Members {
		if mm == nil || len(mm.Members) > 0 {
			return fmt.Errorf("%w: ensemble member %d is missing or an ensemble itself", ErrModel, k+2)
		}
		if err := ValidateModel(mm); err != nil {
			return fmt.Errorf("ensemble member %d: %w", k+2, err)
		}
		if mm.Config.Dim != m.Config.Dim {
			return fmt.Errorf("%w: ensemble member %d has %d features, member 1 has %d", ErrModel, k+2, mm.Config.Dim, m.Config.Dim)
		}
	}
	return nil
}

// MaxNameBytes is the longest feature name a saved model or classifier may
// have (data.MaxNameBytes, the longest column name a table may have).
const MaxNameBytes = 1024

// ValidateNames checks the feature names of a saved model or classifier:
// each at most MaxNameBytes long. Errors wrap ErrModel.
func ValidateNames(names []string) error {
	for i, name := range names {
		if len(name) > MaxNameBytes {
			return fmt.Errorf("%w: feature name %d is %d bytes long (%s); at most %d are allowed", ErrModel, i, len(name), shortText(name), MaxNameBytes)
		}
	}
	return nil
}

// LimitModelReader returns a reader of r that fails, wrapping ErrModel, once
// more than MaxModelBytes have been read: decoders read model files through
// it so a huge file is refused without being read whole.
func LimitModelReader(r io.Reader) io.Reader { return &modelLimit{r: r, left: MaxModelBytes} }

type modelLimit struct {
	r    io.Reader
	left int64
}

// Read implements io.Reader.
func (l *modelLimit) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, fmt.Errorf("%w: the file is larger than %d MiB", ErrModel, MaxModelBytes>>20)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, fmt.Errorf("%w: the file is larger than %d MiB", ErrModel, MaxModelBytes>>20)
	}
	return n, err
}

// UnmarshalJSON decodes a model, checking its configuration and the length
// of its parameter list against each other before the parameters are
// allocated, so that a small file cannot claim a huge flow.
func (m *Model) UnmarshalJSON(b []byte) error {
	type plain Model // without this method
	var s struct {
		plain
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*m = Model(s.plain)
	if len(s.Params) == 0 || bytes.Equal(s.Params, []byte("null")) {
		m.Params = nil
		return nil
	}
	want, err := NumParams(m.Config)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrModel, err)
	}
	if got := countElements(s.Params); got != want {
		return fmt.Errorf("%w: %d parameters, the configuration (%s, %d features, %d layers, %d × %d hidden units) needs %d",
			ErrModel, got, m.Config.Model, m.Config.Dim, m.Config.Layers, m.Config.Hidden, m.Config.Units, want)
	}
	m.Params = make([]float64, 0, want)
	return json.Unmarshal(s.Params, &m.Params)
}

// countElements counts the elements of a JSON array of numbers (the commas
// at depth 1, plus one); it returns -1 if raw is not such an array.
func countElements(raw []byte) int {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '[' || raw[len(raw)-1] != ']' {
		return -1
	}
	inner := bytes.TrimSpace(raw[1 : len(raw)-1])
	if len(inner) == 0 {
		return 0
	}
	if bytes.ContainsAny(inner, "[]{}\"") {
		return -1
	}
	return bytes.Count(inner, []byte{','}) + 1
}

// shortText shortens s for a message.
func shortText(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:20]) + "…" + string(r[len(r)-19:])
	}
	return s
}

// modelError wraps a decoding error in ErrModel unless it already is one.
func modelError(err error) error {
	if errors.Is(err, ErrModel) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrModel, err)
}
