package eval

import "math"

// CompletenessAtContamination returns the largest completeness (recall,
// TP/(TP+FN)) among the decisions "signal iff score >= s", over every
// distinct score s, whose contamination (FP/(TP+FP), one minus precision)
// is at most maxContamination: the best completeness read off the
// precision–recall curve at that contamination. A larger score means more
// likely signal. It returns 0 if no threshold is clean enough, NaN if no row
// is labelled 1, and panics like [ROC].
func CompletenessAtContamination(score []float64, labels []int, maxContamination float64) float64 {
	r, _, n1 := sortedDesc(score, labels)
	if n1 == 0 {
		return math.NaN()
	}
	best := 0
	steps(r, func(_ float64, tp, fp int) {
		if float64(fp) <= maxContamination*float64(tp+fp) && tp > best {
			best = tp
		}
	})
	return float64(best) / float64(n1)
}
