package experiment_test

import (
	"math"
	"slices"
	"testing"

	"flowlab/flow/experiment"
)

func TestParseSeeds(t *testing.T) {
	for _, c := range []struct {
		spec string
		want []uint64
	}{
		{"1-10", []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"3,7,9", []uint64{3, 7, 9}},
		{"1-3,8", []uint64{1, 2, 3, 8}},
		{" 5 , 6-6 ", []uint64{5, 6}},
		{"0", []uint64{0}},
		{"", nil}, {"a", nil}, {"3-1", nil}, {"1-", nil}, {"1,1", nil}, {"1-3,2", nil}, {"1-2000", nil}, {"-4", nil},
	} {
		got, err := experiment.ParseSeeds(c.spec)
		if c.want == nil {
			if err == nil {
				t.Errorf("ParseSeeds(%q) = %v, want an error", c.spec, got)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParseSeeds(%q) = %v, %v; want %v", c.spec, got, err, c.want)
		}
	}
}

func TestStatOf(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		v         []float64
		mean, std float64
		n         int
	}{
		{[]float64{1, 2, 3, 4}, 2.5, math.Sqrt(5.0 / 3), 4},
		{[]float64{2, nan, 4}, 3, math.Sqrt(2), 2},
		{[]float64{7}, 7, nan, 1},
		{nil, nan, nan, 0},
	} {
		s := experiment.StatOf(c.v)
		same := func(a, b float64) bool { return (math.IsNaN(a) && math.IsNaN(b)) || math.Abs(a-b) < 1e-12 }
		if !same(s.Mean, c.mean) || !same(s.Std, c.std) || s.N != c.n {
			t.Errorf("StatOf(%v) = %+v, want mean %g std %g n %d", c.v, s, c.mean, c.std, c.n)
		}
	}
}

// TestMetricsFor checks the per-class NLL and the completeness read off the
// precision–recall curve on a small hand-made example.
func TestMetricsFor(t *testing.T) {
	labels := []int{0, 1, 0, 1, 0}
	lp := [2][]float64{{-1, -5, -2, -6, -3}, {-4, -1, -5, -2, -1}}
	tt := make([]float64, 5)
	for i := range tt {
		tt[i] = lp[0][i] - lp[1][i]
	}
	// t = 3, −4, 3, −4, −2: the signals rank first (−t = 4, 4), then row 4.
	r := experiment.Evaluate(tt, labels, 3, 2)
	m := experiment.MetricsFor(r, tt, lp, labels)
	if m.NLL[0] != 2 || m.NLL[1] != 1.5 {
		t.Errorf("NLL %v, want [2 1.5]", m.NLL)
	}
	if m.Completeness != [2]float64{1, 1} || m.AUC != 1 {
		t.Errorf("completeness %v, AUC %g; want [1 1], 1", m.Completeness, m.AUC)
	}
	if m.AtZero.Confusion.TP != 2 || m.AtZero.Confusion.FP != 1 {
		t.Errorf("at t < 0: %+v", m.AtZero.Confusion)
	}
}
