package main

import (
	"testing"

	"flowlab/flow/data"
)

// tinyDataset has 3 background rows and 2 RR Lyrae rows; its numbers are
// made up, only the labels and names matter here.
func tinyDataset() *data.Dataset {
	return &data.Dataset{
		Names: []string{"u_g", "g_r", "r_i", "i_z"},
		Dim:   4,
		X: []float64{
			1.0, 0.3, 0.1, 0.05,
			1.1, 0.1, 0.0, 0.0,
			0.9, 0.3, 0.1, 0.07,
			1.2, 0.1, 0.02, -0.01,
			0.8, 0.35, 0.12, 0.06,
		},
		Y: []int{0, 1, 0, 1, 0},
	}
}

func TestSummarize(t *testing.T) {
	s := summarize(tinyDataset())
	if s.Rows != 5 || s.Background != 3 || s.RRLyrae != 2 {
		t.Errorf("counts = %d rows, %d background, %d RR Lyrae; want 5, 3, 2", s.Rows, s.Background, s.RRLyrae)
	}
	if len(s.Features) != 4 {
		t.Fatalf("%d features, want 4", len(s.Features))
	}
	for i, name := range []string{"u_g", "g_r", "r_i", "i_z"} {
		if s.Features[i].Name != name || s.Features[i].About == "" {
			t.Errorf("feature %d = %+v, want name %q with an explanation", i, s.Features[i], name)
		}
	}
}

func TestSummaryText(t *testing.T) {
	// The first case is the RR Lyrae table (PROVENANCE.md: 92,658 + 483 rows):
	// 93,141 / 483 = 192.8, rounded 193.
	tests := []struct {
		s      DatasetSummary
		counts string
		detail string
	}{
		{
			DatasetSummary{Rows: 93141, Background: 92658, RRLyrae: 483, Features: make([]Feature, 4)},
			"92,658 background / 483 RR Lyrae",
			"93,141 stars, 4 features. About 1 star in 193 is an RR Lyrae.",
		},
		{
			DatasetSummary{Rows: 1200, Background: 1200, Features: make([]Feature, 2)},
			"1,200 background / 0 RR Lyrae",
			"1,200 stars, 2 features.",
		},
		{
			DatasetSummary{Rows: 1, Background: 1, Features: make([]Feature, 3)},
			"1 background / 0 RR Lyrae",
			"1 star, 3 features.",
		},
		{
			DatasetSummary{Rows: 4, Background: 2, RRLyrae: 2, Features: make([]Feature, 1)},
			"2 background / 2 RR Lyrae",
			"4 stars, 1 feature. About 1 star in 2 is an RR Lyrae.",
		},
	}
	for i, tc := range tests {
		if got := tc.s.CountsText(); got != tc.counts {
			t.Errorf("case %d: CountsText() = %q, want %q", i, got, tc.counts)
		}
		if got := tc.s.DetailText(); got != tc.detail {
			t.Errorf("case %d: DetailText() = %q, want %q", i, got, tc.detail)
		}
	}
}
