package app_test

import (
	"testing"

	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

func TestSummarize(t *testing.T) {
	s := app.Summarize(webtest.TinyDataset())
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
		s      app.DatasetSummary
		counts string
		detail string
	}{
		{
			app.DatasetSummary{Rows: 93141, Background: 92658, RRLyrae: 483, Features: make([]app.Feature, 4)},
			"92,658 background / 483 RR Lyrae",
			"93,141 stars, 4 features. About 1 star in 193 is an RR Lyrae.",
		},
		{
			app.DatasetSummary{Rows: 1200, Background: 1200, Features: make([]app.Feature, 2)},
			"1,200 background / 0 RR Lyrae",
			"1,200 stars, 2 features.",
		},
		{
			app.DatasetSummary{Rows: 1, Background: 1, Features: make([]app.Feature, 3)},
			"1 background / 0 RR Lyrae",
			"1 star, 3 features.",
		},
		{
			app.DatasetSummary{Rows: 4, Background: 2, RRLyrae: 2, Features: make([]app.Feature, 1)},
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
