package app_test

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	. "flowlab/web/app"
)

// TestScoresCSVIsSpreadsheetSafe downloads the scores of data whose column
// names a spreadsheet would run as formulas, or that hold a quote and a
// comma: every name comes back as text (prefixed with ') through a CSV
// reader, and the numbers are the evaluation's own.
func TestScoresCSVIsSpreadsheetSafe(t *testing.T) {
	names := []string{"=1+1", "+2+3", "-4+5", "@SUM(A1)", `say "hi", then`}
	rng := rand.New(rand.NewPCG(3, 4))
	d := &data.Dataset{Names: names, Dim: len(names)}
	for i := range 400 {
		for range names {
			d.X = append(d.X, rng.NormFloat64())
		}
		d.Y = append(d.Y, i%2)
	}
	a := NewApp("")
	a.SetData(d, "hostile.csv", DatasetUpload)
	var flows [2]*flow.Flow
	var models [2]*flow.Model
	for c := range 2 {
		f, err := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: len(names), Layers: 2, Hidden: 1, Units: 8}, rand.New(rand.NewPCG(uint64(c), 1)))
		if err != nil {
			t.Fatal(err)
		}
		flows[c], models[c] = f, f.Model()
	}
	if err := a.AdoptPair(experiment.NewPair("quick", 1, names, d.Checksum(), models), flows, "test"); err != nil {
		t.Fatal(err)
	}
	b, err := a.ScoresCSV()
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the download is not valid CSV: %v\n%.300s", err, b)
	}
	want := []string{"'=1+1", "'+2+3", "'-4+5", "'@SUM(A1)", `say "hi", then`, "label", "lnp_background", "lnp_rrlyrae", "t"}
	if !slices.Equal(recs[0], want) {
		t.Errorf("header %q, want %q", recs[0], want)
	}
	if !bytes.HasPrefix(b, []byte(`'=1+1,'+2+3,'-4+5,'@SUM(A1),"say ""hi"", then",label`)) {
		t.Errorf("raw header %.80q", b)
	}
	e := a.Shown.Eval
	if len(recs) != 1+e.Rows.Len() {
		t.Fatalf("%d records for %d stars", len(recs), e.Rows.Len())
	}
	for i, rec := range recs[1:] {
		x := e.Rows.Row(i)
		for j, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			var w float64
			switch {
			case j < len(x):
				w = x[j]
			case j == len(x):
				w = float64(e.Rows.Y[i])
			case j == len(x)+1, j == len(x)+2:
				w = e.LogProb[j-len(x)-1][i]
			default:
				w = e.T[i]
			}
			if err != nil || v != w {
				t.Fatalf("row %d cell %d = %q, want %v", i+1, j, s, w)
			}
		}
	}
}
