package inspectview

import (
	"fmt"

	"flowlab/flow"
)

// mixtureNote tells what the layer view shows of a flow with a defensive
// mixture ("" without one): the flow part's samples and density, while the
// model's density and samples mix in its start mixture.
func mixtureNote(f *flow.Flow) string {
	if f == nil || f.Start() == nil {
		return ""
	}
	w, start := f.Config.Defensive, "its EM start mixture"
	if s := f.Config.DefensiveSmooth; s > 0 {
		start = fmt.Sprintf("its EM start mixture, %g of it smoothed by a kernel", s)
	}
	return fmt.Sprintf(" These are the flow part's points: the model is the defensive mixture %g·flow + %g·(%s), so %.0f%% of its own samples come from the start mixture instead, and its density (the ledger's sum, every score) mixes the two.", 1-w, w, start, 100*w)
}

// mixtureRow is the ledger's row for the defensive mixture
// (flow.Config.Defensive): ln p(x) − ln p_flow(x), what mixing in the
// flow's EM start adds to the flow's own log-density (≈ ln(1−w) where the
// flow is confident, large where the flow has a hole).
func mixtureRow(e *LedgerEntry, cell func(int, string, float64) LedgerCell) LedgerRow {
	r := LedgerRow{Key: "mixture", Label: "defensive mixture: ln p − ln p_flow",
		Help: "p = (1−w)·p_flow + w·p_start: the flow mixed with its EM start mixture, so no star falls in a hole of the flow"}
	for f := range 2 {
		if !e.Cols[f].HasMix {
			r.Cells[f] = LedgerCell{Flow: f, Text: "—", Class: "ledger-num is-missing"}
			continue
		}
		r.Cells[f] = cell(f, "mixture", e.Cols[f].Mixture)
	}
	return r
}
