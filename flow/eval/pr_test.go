package eval_test

import (
	"math"
	"testing"

	"flowlab/flow/eval"
)

func TestCompletenessAtContamination(t *testing.T) {
	// Ranked by decreasing score: 1 1 0 1 0 0 1 (four signals).
	score := []float64{7, 6, 5, 4, 3, 2, 1}
	labels := []int{1, 1, 0, 1, 0, 0, 1}
	// Cumulative (TP, FP): (1,0) (2,0) (2,1) (3,1) (3,2) (3,3) (4,3); contamination 0 0 1/3 1/4 2/5 1/2 3/7.
	for _, c := range []struct {
		max, want float64
	}{
		{0, 0.5},     // the top two are clean
		{0.2, 0.5},   // the top four are 1/4 contaminated
		{0.25, 0.75}, // exactly at the limit counts
		{1.0 / 3, 0.75},
		{0.42, 0.75}, // all seven are 3/7 ≈ 0.43 contaminated
		{0.5, 1},
		{1, 1},
	} {
		got := eval.CompletenessAtContamination(score, labels, c.max)
		if math.Abs(got-c.want) > 1e-15 {
			t.Errorf("max contamination %g: completeness %g, want %g", c.max, got, c.want)
		}
	}
	if got := eval.CompletenessAtContamination([]float64{1, 2}, []int{0, 0}, 0.2); !math.IsNaN(got) {
		t.Errorf("no signal rows: %g, want NaN", got)
	}
	if got := eval.CompletenessAtContamination([]float64{3, 2, 1}, []int{0, 0, 1}, 0.2); got != 0 {
		t.Errorf("signal ranked last: %g, want 0", got)
	}
	// Ties enter together: the tied top pair (one of each) is 50% contaminated.
	if got := eval.CompletenessAtContamination([]float64{5, 5, 1}, []int{1, 0, 1}, 0.3); got != 0 {
		t.Errorf("tied top pair: %g, want 0", got)
	}
}
