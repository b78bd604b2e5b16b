package inspectview

import (
	"cmp"
	"slices"

	"flowlab/flow"
)

// LedgerColumn is one flow's account of ln p(x) for one star: the base
// log-density of its pulled-back point plus every layer's log-determinant.
type LedgerColumn struct {
	Base    float64   // ln N(z; 0, I), z = f⁻¹(x)
	LogDet  []float64 // layer k's ln|det ∂z/∂x| (density direction), base side first
	Kinds   []string  // layer k's kind
	Mixture float64   // the defensive mixture's term ln p(x) − ln p_flow(x) (0 without one; see flow.Config.Defensive)
	HasMix  bool      // the flow has a defensive mixture
	// Ensemble is an ensemble's term ln p(x) − ln p_1(x) (0 for a single
	// flow; see flow.Ensemble), Members its number of flows (1 for one).
	Ensemble float64
	Members  int
	LogProb  float64   // ln p(x) = Base + Σ LogDet + Mixture + Ensemble, summed in that order
	Z        []float64 // the pulled-back point
}

// LedgerEntry is the likelihood ledger of one star under both class flows.
type LedgerEntry struct {
	X      []float64       // the star's features
	Label  int             // its class (−1 if unknown)
	Source string          // how it was chosen, for people
	Cols   [2]LedgerColumn // background flow, RR Lyrae flow
	T      float64         // ln p0 − ln p1
}

// NewLedgerEntry pulls x back through both flows and records every term.
func NewLedgerEntry(flows [2]*flow.Flow, x []float64, label int, source string) *LedgerEntry {
	e := &LedgerEntry{X: slices.Clone(x), Label: label, Source: source}
	for c, f := range flows {
		t := f.TraceInverse(x, 1)
		col := LedgerColumn{Base: t.BaseLogProb[0], LogProb: t.LogProb[0], Z: slices.Clone(t.Frames[0])}
		if t.Mixture != nil {
			col.Mixture, col.HasMix = t.Mixture[0], true
		}
		col.Members = len(f.Members())
		if t.Ensemble != nil {
			col.Ensemble = t.Ensemble[0]
		}
		for k, l := range f.Layers() {
			col.LogDet = append(col.LogDet, t.LogDet[k][0])
			col.Kinds = append(col.Kinds, l.Info().Kind)
		}
		e.Cols[c] = col
	}
	e.T = e.Cols[0].LogProb - e.Cols[1].LogProb
	return e
}

// Signal reports the decision at cut: RR Lyrae iff t < cut (the paper's cut
// is 0).
func (e *LedgerEntry) Signal(cut float64) bool { return e.T < cut }

// WorstMisclassified returns up to k validation rows of each class that the
// statistic t gets wrong at cut, worst first: the RR Lyrae (label 1) called
// background (t ≥ cut, or t not a number) with the largest t, then the
// background stars (label 0) called RR Lyrae (t < cut) with the smallest t.
// Stars classified correctly are never listed. t and labels of different
// lengths give nothing.
func WorstMisclassified(t []float64, labels []int, cut float64, k int) (rr, bg []int) {
	if len(t) != len(labels) {
		return nil, nil
	}
	for i, y := range labels {
		switch {
		case y == 1 && !(t[i] < cut):
			rr = append(rr, i)
		case y == 0 && t[i] < cut:
			bg = append(bg, i)
		}
	}
	slices.SortStableFunc(rr, func(a, b int) int { return cmp.Compare(t[b], t[a]) })
	slices.SortStableFunc(bg, func(a, b int) int { return cmp.Compare(t[a], t[b]) })
	return rr[:min(k, len(rr))], bg[:min(k, len(bg))]
}
