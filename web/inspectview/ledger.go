package inspectview

import (
	"fmt"
	"strconv"
	"strings"

	"flowlab/web/format"
)

// Ledger shows the likelihood ledger of the star chosen in the inspector:
// both class flows' terms of ln p(x) side by side, t and the decision at
// the current cut, and a list of badly scored validation stars to choose
// from. ledger.vugu is its template.
type Ledger struct {
	Insp *View
}

// Entry is the chosen star's ledger, nil if none is chosen.
func (c *Ledger) Entry() *LedgerEntry { return c.Insp.memo().Star }

// Worst lists the badly scored validation stars.
func (c *Ledger) Worst() []WorstStar { return c.Insp.memo().worst }

// WorstText describes one badly scored star.
func (c *Ledger) WorstText(w WorstStar) string {
	n := c.Insp.App.ClassNames()
	call := n[0]
	if w.T < c.Cut() {
		call = n[1]
	}
	return fmt.Sprintf("%s #%s: t = %s, called %s", c.Insp.App.ClassName(w.Label), format.Thousands(w.Row+1), c.Num(w.T), call)
}

// Cut is the cut on t (State.Cut, shared with the Classify view).
func (c *Ledger) Cut() float64 { return c.Insp.App.State.Cut }

// CutText prints the cut.
func (c *Ledger) CutText() string { return strconv.FormatFloat(c.Cut(), 'g', 6, 64) }

// LedgerRow is one row of the ledger table.
type LedgerRow struct {
	Key, Label, Help, Class string
	Cells                   [2]LedgerCell
}

// LedgerCell is one flow's value in a row. Term and Value are written as
// data attributes (data-term, data-value with every digit) for tests and
// for anyone who wants the exact numbers.
type LedgerCell struct {
	Flow              int
	Term, Value, Text string
	Class             string
}

// Rows lays out the ledger: the base term, one row per layer, the total.
func (c *Ledger) Rows() []LedgerRow {
	e := c.Entry()
	if e == nil {
		return nil
	}
	var rows []LedgerRow
	cell := func(flow int, term string, v float64) LedgerCell {
		cls := "ledger-num"
		if v == 0 {
			cls += " is-zero"
		}
		return LedgerCell{Flow: flow, Term: term, Value: c.Value(v), Text: c.Num(v), Class: cls}
	}
	base := LedgerRow{Key: "base", Label: "ln 𝒩(z; 0, I)", Help: "the pulled-back point z = f⁻¹(x) under the standard normal"}
	for f := range 2 {
		base.Cells[f] = cell(f, "base", e.Cols[f].Base)
	}
	rows = append(rows, base)
	n := max(len(e.Cols[0].LogDet), len(e.Cols[1].LogDet))
	titles := [2][]string{ledgerTitles(e.Cols[0].Kinds), ledgerTitles(e.Cols[1].Kinds)}
	for k := range n {
		r := LedgerRow{Key: fmt.Sprint("logdet-", k)}
		for f := range 2 {
			if k >= len(e.Cols[f].LogDet) {
				r.Cells[f] = LedgerCell{Flow: f, Text: "—", Class: "ledger-num is-missing"}
				continue
			}
			r.Cells[f] = cell(f, fmt.Sprint("logdet-", k), e.Cols[f].LogDet[k])
			if r.Label == "" {
				r.Label = fmt.Sprintf("layer %d · %s: ln|det J|", k+1, titles[f][k])
			}
		}
		if strings.Contains(r.Label, "Permutation") {
			r.Class = "is-perm"
		}
		rows = append(rows, r)
	}
	if e.Cols[0].HasMix || e.Cols[1].HasMix {
		rows = append(rows, mixtureRow(e, cell))
	}
	if e.Cols[0].Members > 1 || e.Cols[1].Members > 1 {
		rows = append(rows, ensembleRow(e, cell))
	}
	sum := LedgerRow{Key: "logp", Label: "ln p(x) = the sum", Class: "ledger-sum"}
	for f := range 2 {
		sum.Cells[f] = cell(f, "logp", e.Cols[f].LogProb)
	}
	return append(rows, sum)
}

// ledgerTitles names layers by kind, numbering the trainable ones.
func ledgerTitles(kinds []string) []string {
	out := make([]string, len(kinds))
	n := 0
	for i, k := range kinds {
		switch k {
		case "coupling":
			n++
			out[i] = fmt.Sprintf("Coupling %d", n)
		case "maf":
			n++
			out[i] = fmt.Sprintf("MADE layer %d", n)
		case "spline":
			n++
			out[i] = fmt.Sprintf("Spline %d", n)
		case "permute":
			out[i] = "Permutation"
		case "standardize":
			out[i] = "Un-standardise"
		default:
			out[i] = k
		}
	}
	return out
}

// Num prints a ledger number for people: three decimals (every digit is in
// the cell's data-value), a true minus sign, and a plain 0 for a term that
// is exactly zero (a permutation's log-determinant).
func (c *Ledger) Num(v float64) string {
	if v == 0 {
		return "0"
	}
	return strings.Replace(strconv.FormatFloat(v, 'f', 3, 64), "-", "−", 1)
}

// Value prints v with every digit (shortest exact form) for data-value.
func (c *Ledger) Value(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Decision names the class the star is called at the cut.
func (c *Ledger) Decision() string {
	n := c.Insp.App.ClassNames()
	if c.Entry().Signal(c.Cut()) {
		return n[1] + " (t < cut)"
	}
	return n[0] + " (t ≥ cut)"
}

// DecisionValue is 1 if the star is called RR Lyrae, else 0.
func (c *Ledger) DecisionValue() string {
	if c.Entry().Signal(c.Cut()) {
		return "1"
	}
	return "0"
}

// TrueClass names the star's class.
func (c *Ledger) TrueClass() string {
	if l := c.Entry().Label; l == 0 || l == 1 {
		return "truly " + c.Insp.App.ClassName(l)
	}
	return "class unknown"
}

// Features lists the star's features.
func (c *Ledger) Features() string {
	e := c.Entry()
	names := c.Insp.Names()
	parts := make([]string, len(e.X))
	for j, v := range e.X {
		parts[j] = featureName(names, j) + " = " + strconv.FormatFloat(v, 'f', 3, 64)
	}
	return strings.Join(parts, ", ")
}

// Verdict says whether the decision is right.
func (c *Ledger) Verdict() string {
	e := c.Entry()
	if e.Label != 0 && e.Label != 1 {
		return ""
	}
	if e.Signal(c.Cut()) == (e.Label == 1) {
		return "✓ correct"
	}
	return "✗ wrong"
}

// VerdictClass styles the verdict.
func (c *Ledger) VerdictClass() string {
	if strings.HasPrefix(c.Verdict(), "✓") {
		return "ledger-verdict-ok"
	}
	return "ledger-verdict-bad"
}
