package trainview

import (
	"math"
	"testing"
)

// TestLossLogAxisEnds: a log axis of losses at the edges of float64 (a
// diverged run) has a few ticks inside its range. Max·1.3 overflowing to
// +Inf looped for ever.
func TestLossLogAxisEnds(t *testing.T) {
	for _, v := range [][]float64{
		{1e-3, 0.5},
		{1e300, math.MaxFloat64},
		{5e-324, 1},
		{5e-324, math.MaxFloat64},
	} {
		a := lossLogAxis(v)
		if len(a.Ticks) == 0 || len(a.Ticks) > 700 || len(a.TickLabels) != len(a.Ticks) {
			t.Fatalf("lossLogAxis(%v): %d ticks", v, len(a.Ticks))
		}
		for _, tk := range a.Ticks {
			if !(tk >= a.Min && tk <= a.Max) || math.IsInf(tk, 0) {
				t.Errorf("lossLogAxis(%v): tick %v outside [%v, %v]", v, tk, a.Min, a.Max)
			}
		}
	}
}
