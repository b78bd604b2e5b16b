package inspectview

import (
	"fmt"

	"flowlab/flow"
)

// ensembleNote tells what the layer view shows of an ensemble (flow.Ensemble;
// "" for a single flow): the first member's layers and points, while the
// model's density and samples average all its members.
func ensembleNote(f *flow.Flow) string {
	if f == nil || len(f.Members()) < 2 {
		return ""
	}
	k := len(f.Members())
	return fmt.Sprintf(" This flow is an ensemble of %d flows trained apart, averaged in density: the layers and points shown are its first member's, while its density (the ledger's sum, every score) is the mean of all %d members' and each of its own samples comes from one of them.", k, k)
}

// ensembleRow is the ledger's row for an ensemble: ln p(x) − ln p_1(x), what
// averaging the members' densities adds to the first member's log-density
// (positive where the other members find the star likelier).
func ensembleRow(e *LedgerEntry, cell func(int, string, float64) LedgerCell) LedgerRow {
	r := LedgerRow{Key: "ensemble", Label: "ensemble: ln p − ln p₁",
		Help: "p = (p₁ + … + p_K)/K, the mean density of K flows trained apart; the rows above are member 1's"}
	for f := range 2 {
		if e.Cols[f].Members < 2 {
			r.Cells[f] = LedgerCell{Flow: f, Text: "—", Class: "ledger-num is-missing"}
			continue
		}
		r.Cells[f] = cell(f, "ensemble", e.Cols[f].Ensemble)
		r.Cells[f].Text += fmt.Sprintf(" (%d flows)", e.Cols[f].Members)
	}
	return r
}
