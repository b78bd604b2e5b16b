package main

import (
	"context"
	"math"
	"os"
	"testing"

	"flowlab/flow/experiment"
)

// TestRRLyraeQuick runs "reproduce -preset quick -seed 1" on the shared
// astroML RR Lyrae table: issue 2 asks for ROC AUC ≥ 0.98 on the paper split,
// and the KS statistics must match the paper's Table I to two decimals.
func TestRRLyraeQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two flows on 74k rows (~5 s)")
	}
	path := os.Getenv("RRLYRAE_CSV")
	if path == "" {
		path = "../../../shared/data/rrlyrae/rrlyrae_combined.csv"
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data not available: %v", err)
	}
	r := runIn(context.Background(), t.TempDir(), "reproduce", "-preset", "quick", "-seed", "1", "-json", "-data", path)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	out, _ := decodeReport(t, r.stdout)
	if out.Rows.Data != [2]int{92658, 483} { // the data set's PROVENANCE.md
		t.Fatalf("rows %v, want [92658 483]", out.Rows.Data)
	}
	t.Logf("AUC %.4f AP %.4f; Table III: %.4f / %.4f / %.4f; GMM AUC %.4f; epochs %v", out.AUC, out.AveragePrecision,
		out.Accuracy, out.FalsePositive, out.FalseNegative, out.GMM.AUC, out.Epochs)
	if out.AUC < 0.98 {
		t.Errorf("ROC AUC %.4f < 0.98", out.AUC)
	}
	for i, want := range experiment.PaperKS { // Table I, two decimals
		if got := math.Round(out.KS[i]*100) / 100; math.Abs(got-want) > 1e-9 {
			t.Errorf("KS of %s = %.4f, rounds to %.2f; the paper has %.2f", []string{"u-g", "g-r", "r-i", "i-z"}[i], out.KS[i], got, want)
		}
	}
}
