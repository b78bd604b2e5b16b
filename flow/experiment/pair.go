package experiment

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"flowlab/flow"
	"flowlab/flow/data"
)

// PairFormat is the "format" field of a saved classifier.
const PairFormat = "flowlab-pair/1"

// Pair is the JSON form of a trained classifier: the background flow and the
// RR Lyrae flow, with how they were made. The page exports and imports it,
// and the CLI writes it.
type Pair struct {
	Format       string      `json:"format"`
	Preset       string      `json:"preset,omitempty"`
	Seed         uint64      `json:"seed"`
	Features     []string    `json:"features"`
	DataChecksum string      `json:"data_checksum,omitempty"`
	Background   *flow.Model `json:"background"`
	RRLyrae      *flow.Model `json:"rrlyrae"`
}

// NewPair wraps two trained class models.
func NewPair(preset string, seed uint64, features []string, checksum string, models [2]*flow.Model) *Pair {
	return &Pair{Format: PairFormat, Preset: preset, Seed: seed, Features: features, DataChecksum: checksum,
		Background: models[0], RRLyrae: models[1]}
}

// WritePair writes p as JSON.
func WritePair(w io.Writer, p *Pair) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(p)
}

// WritePairCompact writes p as compact JSON with every flow parameter rounded
// to bits significant bits (flow.CompactParams; the page's pretrained flows
// use 11, see build.sh). ReadPair reads it like any other pair.
func WritePairCompact(w io.Writer, p *Pair, bits int) error {
	type plain Pair // Pair's fields without this method set
	return json.NewEncoder(w).Encode(struct {
		*plain
		Background flow.CompactParams `json:"background"`
		RRLyrae    flow.CompactParams `json:"rrlyrae"`
	}{(*plain)(p), flow.CompactParams{Model: p.Background, Bits: bits}, flow.CompactParams{Model: p.RRLyrae, Bits: bits}})
}

// ReadPair decodes a saved classifier (at most flow.MaxModelBytes), checks both
// models (flow.ValidateModel) and rebuilds both flows, checking that they are
// for the same features.
func ReadPair(r io.Reader) (*Pair, [2]*flow.Flow, error) {
	var p Pair
	var flows [2]*flow.Flow
	if err := json.NewDecoder(flow.LimitModelReader(r)).Decode(&p); err != nil {
		if errors.Is(err, flow.ErrModel) {
			return nil, flows, err
		}
		return nil, flows, fmt.Errorf("%w: %w", flow.ErrModel, err)
	}
	if p.Format != PairFormat {
		return nil, flows, fmt.Errorf("%w: format %q, want %q (a Flow Lab classifier export)", flow.ErrModel, data.ShortName(p.Format, 40), PairFormat)
	}
	if err := flow.ValidateNames(p.Features); err != nil {
		return nil, flows, err
	}
	for c, m := range []*flow.Model{p.Background, p.RRLyrae} {
		if m == nil {
			return nil, flows, fmt.Errorf("%w: the %s flow is missing", flow.ErrModel, ClassName(c))
		}
		if err := flow.ValidateModel(m); err != nil {
			return nil, flows, fmt.Errorf("%s flow: %w", ClassName(c), err)
		}
		f, err := m.Flow()
		if err != nil {
			return nil, flows, fmt.Errorf("%s flow: %w", ClassName(c), err)
		}
		if f.Dim() != len(p.Features) {
			return nil, flows, fmt.Errorf("%w: the %s flow has %d features, the file names %d", flow.ErrModel, ClassName(c), f.Dim(), len(p.Features))
		}
		flows[c] = f
	}
	return &p, flows, nil
}

// ClassName names class c for people: "background" or "RR Lyrae".
func ClassName(c int) string {
	if c == 1 {
		return "RR Lyrae"
	}
	return "background"
}
