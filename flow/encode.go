package flow

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ModelFormat is the "format" field of a saved model.
const ModelFormat = "flowlab-model/1"

// Model is the JSON form of a trained flow: its architecture, every
// parameter, the standardisation, and facts about its training. Go's JSON
// encoding writes each float64 as the shortest decimal that parses back to the
// same bits, so a saved model scores bit-identically after loading.
type Model struct {
	Format       string         `json:"format"`
	Config       Config         `json:"config"`
	Features     []string       `json:"features,omitempty"` // feature names, in order
	Class        int            `json:"class"`              // class the flow models (0 background, 1 signal)
	DataChecksum string         `json:"data_checksum,omitempty"`
	Seed         uint64         `json:"seed"`
	Settings     *TrainSettings `json:"settings,omitempty"`
	History      []EpochStats   `json:"history,omitempty"`
	Shift        []float64      `json:"shift,omitempty"` // standardisation; empty when none
	Scale        []float64      `json:"scale,omitempty"`
	Params       []float64      `json:"params"`
	// Members are an ensemble's other members (see Ensemble), each a single
	// flow of the same features; the fields above are the first member's.
	Members []*Model `json:"members,omitempty"`
}

// Model returns f's serialisable form; the caller fills in the facts about
// training. Params (in natural order), Shift and Scale are copies.
func (f *Flow) Model() *Model {
	m := &Model{Format: ModelFormat, Config: f.Config, Params: f.naturalParams()}
	if f.std != nil {
		m.Shift = append([]float64(nil), f.std.Shift...)
		m.Scale = append([]float64(nil), f.std.Scale...)
	}
	for _, o := range f.others {
		m.Members = append(m.Members, o.Model())
	}
	return m
}

// Flow rebuilds the flow m describes, checking every field; with Members,
// the ensemble of m's own flow and theirs.
func (m *Model) Flow() (*Flow, error) {
	if len(m.Members) == 0 {
		return m.single()
	}
	if len(m.Members)+1 > MaxMembers {
		return nil, fmt.Errorf("%w: an ensemble of %d flows, at most %d", ErrModel, len(m.Members)+1, MaxMembers)
	}
	flows := make([]*Flow, 0, len(m.Members)+1)
	for k, mm := range append([]*Model{m}, m.Members...) {
		if mm == nil || (k > 0 && len(mm.Members) > 0) {
			return nil, fmt.Errorf("%w: ensemble member %d is missing or an ensemble itself", ErrModel, k+1)
		}
		f, err := mm.single()
		if err != nil {
			if k == 0 {
				return nil, err
			}
			return nil, fmt.Errorf("ensemble member %d: %w", k+1, err)
		}
		flows = append(flows, f)
	}
	f, err := Ensemble(flows...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	return f, nil
}

// single rebuilds m's own flow, without its Members.
func (m *Model) single() (*Flow, error) {
	if m.Format != ModelFormat {
		return nil, fmt.Errorf("%w: format %q, want %q", ErrModel, m.Format, ModelFormat)
	}
	f, err := New(m.Config, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if len(m.Params) != len(f.Params) {
		return nil, fmt.Errorf("%w: %d parameters, the configuration needs %d", ErrModel, len(m.Params), len(f.Params))
	}
	for i, v := range m.Params {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: parameter %d is %v", ErrModel, i, v)
		}
	}
	f.setNaturalParams(m.Params)
	if len(m.Shift) > 0 || len(m.Scale) > 0 {
		if len(m.Shift) != m.Config.Dim || len(m.Scale) != m.Config.Dim {
			return nil, fmt.Errorf("%w: standardisation has %d/%d values for %d features", ErrModel, len(m.Shift), len(m.Scale), m.Config.Dim)
		}
		for i, v := range m.Scale {
			if !(v > 0) || math.IsInf(v, 0) || math.IsNaN(m.Shift[i]) || math.IsInf(m.Shift[i], 0) {
				return nil, fmt.Errorf("%w: standardisation of feature %d is invalid (shift %v, scale %v)", ErrModel, i, m.Shift[i], v)
			}
		}
		f.SetStandardization(NewStandardize(m.Shift, m.Scale))
	}
	if len(m.Features) != 0 && len(m.Features) != m.Config.Dim {
		return nil, fmt.Errorf("%w: %d feature names for %d features", ErrModel, len(m.Features), m.Config.Dim)
	}
	return f, nil
}

// WriteModel writes m as indented JSON.
func WriteModel(w io.Writer, m *Model) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(m)
}

// CompactParams encodes a model like WriteModel but compact and with each
// parameter rounded to Bits significant bits (24 is float32's precision, 11
// half's, without half's narrow range), written as the shortest decimal that
// rounds back to the same value. Each parameter loads as that decimal: it
// differs from the original by less than a unit in the last kept bit
// (relative 2^(1−Bits): 1.2e-7 for 24, 9.8e-4 for 11). The training
// history, which is only shown, keeps HistoryDigits significant digits;
// every other field keeps its bits. Bits of 0 or 53 and more keep every
// bit, the history's too.
type CompactParams struct {
	*Model
	Bits int
}

// MarshalJSON implements json.Marshaler.
func (m CompactParams) MarshalJSON() ([]byte, error) {
	if m.Model == nil {
		return []byte("null"), nil
	}
	type plain Model // Model's fields without this method set
	p := make([]json.RawMessage, len(m.Params))
	for i, v := range m.Params {
		p[i] = json.RawMessage(shortestRounded(v, m.Bits))
	}
	var members []CompactParams
	for _, mm := range m.Members {
		members = append(members, CompactParams{mm, m.Bits})
	}
	history := m.History
	if m.Bits > 0 && m.Bits < 53 {
		history = make([]EpochStats, len(m.History))
		for i, st := range m.History {
			for _, v := range []*float64{&st.TrainLoss, &st.LastLoss, &st.TestLoss, &st.LR, &st.Seconds, &st.SamplesPerSec, &st.Saturation} {
				*v = roundDigits(*v, HistoryDigits)
			}
			history[i] = st
		}
	}
	return json.Marshal(struct {
		*plain
		History []EpochStats      `json:"history,omitempty"`
		Params  []json.RawMessage `json:"params"`
		Members []CompactParams   `json:"members,omitempty"`
	}{(*plain)(m.Model), history, p, members})
}

// HistoryDigits is the significant digits CompactParams keeps of each
// number in a model's training history.
const HistoryDigits = 5

// roundDigits is the float64 nearest to v written with digits significant
// digits, which encoding/json writes back as that short decimal.
func roundDigits(v float64, digits int) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// roundBits rounds v to bits significant bits (to nearest, ties to even, as
// float32(v) does for 24).
func roundBits(v float64, bits int) float64 {
	if bits <= 0 || bits >= 53 || v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	frac, exp := math.Frexp(v)
	return math.Ldexp(math.RoundToEven(math.Ldexp(frac, bits)), exp-bits)
}

// shortestRounded is the shortest decimal whose rounding to bits bits is
// v's.
func shortestRounded(v float64, bits int) string {
	r := roundBits(v, bits)
	for prec := 1; prec < 17; prec++ {
		s := strconv.FormatFloat(r, 'g', prec, 64)
		if back, err := strconv.ParseFloat(s, 64); err == nil && roundBits(back, bits) == r {
			return s
		}
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// ReadModel decodes a model file written by WriteModel, checks it (ValidateModel; at most
// MaxModelBytes are read) and rebuilds its flow.
func ReadModel(r io.Reader) (*Model, *Flow, error) {
	var m Model
	dec := json.NewDecoder(LimitModelReader(r))
	if err := dec.Decode(&m); err != nil {
		return nil, nil, modelError(err)
	}
	if err := ValidateModel(&m); err != nil {
		return nil, nil, err
	}
	f, err := m.Flow()
	if err != nil {
		return nil, nil, err
	}
	return &m, f, nil
}
