package dataview

import (
	"math"
	"os"
	"slices"
	"testing"

	"flowlab/flow/data"
	"flowlab/web/internal/webtest"
)

// planeData has class 0 on the line x2 = 2·x1 (x1 = 0, 1, 2, 3) and class 1
// on x2 = −x1 (x1 = 2, 3): hand-checkable statistics.
func planeData() *data.Dataset {
	return &data.Dataset{
		Names: []string{"a", "b"}, Dim: 2,
		X: []float64{0, 0, 2, -2, 1, 2, 2, 4, 3, -3, 3, 6},
		Y: []int{0, 1, 0, 0, 1, 0},
	}
}

func TestNewExplorerByHand(t *testing.T) {
	e := NewExplorer(planeData())
	if e.Dim != 2 || e.Counts != [2]int{4, 2} {
		t.Fatalf("dim %d counts %v, want 2 and [4 2]", e.Dim, e.Counts)
	}
	// KS of feature a, class 1 {2, 3} against class 0 {0, 1, 2, 3}: the
	// empirical CDFs differ most at v = 1, by 2/4 − 0 = 0.5. Feature b,
	// class 1 {−3, −2} against class 0 {0, 2, 4, 6}: no overlap, D = 1.
	want := []float64{0.5, 1}
	for j, w := range want {
		if math.Abs(e.KS[j]-w) > 1e-12 {
			t.Errorf("KS[%d] = %g, want %g", j, e.KS[j], w)
		}
	}
	// Exact lines: r = +1 for class 0 and −1 for class 1 off the diagonal.
	for k, off := range []float64{1, -1} {
		wantC := []float64{1, off, off, 1}
		for i, w := range wantC {
			if math.Abs(e.Corr[k][i]-w) > 1e-12 {
				t.Errorf("class %d corr[%d] = %g, want %g", k, i, e.Corr[k][i], w)
			}
		}
	}
}

// TestHistogramArea checks the density normalisation: a class's bars have
// area (rows inside the range) / (rows of the class).
func TestHistogramArea(t *testing.T) {
	d := planeData()
	d.X[0] = -1000 // a far outlier in feature a, class 0
	for _, d := range []*data.Dataset{planeData(), d, webtest.TinyDataset()} {
		e := NewExplorer(d)
		for j, h := range e.Hists {
			if len(h.Edges) != ExplorerBins+1 {
				t.Fatalf("feature %d: %d edges, want %d", j, len(h.Edges), ExplorerBins+1)
			}
			for c := range 2 {
				area := 0.0
				for b, v := range h.Density[c] {
					area += v * (h.Edges[b+1] - h.Edges[b])
				}
				n := e.Counts[c]
				want := float64(n-h.Outside[c]) / float64(n)
				if math.Abs(area-want) > 1e-9 {
					t.Errorf("feature %d class %d: area %g, want %g", j, c, area, want)
				}
			}
		}
	}
}

func TestHistRange(t *testing.T) {
	many := make([]float64, 2000)
	for i := range many {
		many[i] = float64(i) / 1999 // 0 … 1
	}
	withOutlier := append([]float64{500}, many...)
	tests := []struct {
		name   string
		x      []float64
		lo, hi float64
		tol    float64
	}{
		{"full range", []float64{3, 1, 2}, 1, 3, 0},
		{"constant", []float64{2, 2, 2}, 1.5, 2.5, 0},
		{"equal but for the last digit", []float64{0.3, 0.1 + 0.2, 0.3}, -0.2, 0.8, 1e-12},
		{"constant and large", []float64{1e17, 1e17}, 1e17 - 1e11, 1e17 + 1e11, 0},
		// The outlier stretches the range 500-fold: the central 99.8% is kept.
		// Quantiles of 2001 values (type 7): 0.001 → index 2, 0.999 → index 1998
		// of the sorted sample [0, 1/1999, …, 1, 500].
		{"far outlier", withOutlier, 2.0 / 1999, 1998.0 / 1999, 1e-12},
		{"no outlier", many, 0, 1, 0},
	}
	for _, tc := range tests {
		lo, hi := histRange(mergeSorted(nil, slices.Sorted(slices.Values(tc.x))))
		if math.Abs(lo-tc.lo) > tc.tol || math.Abs(hi-tc.hi) > tc.tol {
			t.Errorf("%s: range [%g, %g], want [%g, %g]", tc.name, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestClassCorrelationUndefined(t *testing.T) {
	// Column b is constant: its row and column are undefined, a with a is 1.
	d := &data.Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 5, 2, 5, 4, 5}, Y: []int{0, 0, 0}}
	c := classCorrelation(d)
	if c[0] != 1 || !math.IsNaN(c[1]) || !math.IsNaN(c[2]) || !math.IsNaN(c[3]) {
		t.Errorf("constant column: corr = %v, want [1 NaN NaN NaN]", c)
	}
	one := &data.Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 2}, Y: []int{1}}
	for i, v := range classCorrelation(one) {
		if !math.IsNaN(v) {
			t.Errorf("one row: corr[%d] = %g, want NaN", i, v)
		}
	}
}

func TestExplorerOneClass(t *testing.T) {
	d := &data.Dataset{Names: []string{"a", "b"}, Dim: 2, X: []float64{1, 2, 3, 5, 4, 4}, Y: []int{0, 0, 0}}
	e := NewExplorer(d)
	for j, v := range e.KS {
		if !math.IsNaN(v) {
			t.Errorf("KS[%d] = %g with one class, want NaN", j, v)
		}
	}
	for _, h := range e.Hists {
		for _, v := range h.Density[1] {
			if v != 0 {
				t.Fatalf("empty class has density %g", v)
			}
		}
	}
}

func TestExplorerCache(t *testing.T) {
	a, b := planeData(), planeData()
	ea := explorerFor(a)
	if explorerFor(a) != ea {
		t.Error("the same dataset gave a new explorer")
	}
	if explorerFor(b) == ea {
		t.Error("another dataset (same values) shared the explorer")
	}
	if explorerFor(nil) != nil {
		t.Error("nil data gave an explorer")
	}
	for range explorerCacheSize + 2 {
		explorerFor(planeData())
	}
	explorerCache.Lock()
	n := len(explorerCache.m)
	explorerCache.Unlock()
	if n > explorerCacheSize {
		t.Errorf("cache holds %d explorers, at most %d allowed", n, explorerCacheSize)
	}
}

// TestExplorerRRLyrae checks Table I and the correlations the paper reads
// from Figs. 7–8 on the shared RR Lyrae CSV.
func TestExplorerRRLyrae(t *testing.T) {
	const path = "../../../shared/data/rrlyrae/rrlyrae_combined.csv"
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skip("shared RR Lyrae data not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := data.ParseCSV(f, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := NewExplorer(d)
	// Source: PROVENANCE.md, "KS (this file)", scipy ks_2samp, 5 decimals.
	wantKS := []float64{0.80197, 0.93966, 0.90527, 0.75605}
	for j, w := range wantKS {
		if math.Abs(e.KS[j]-w) > 5e-6 {
			t.Errorf("KS %s = %.6f, want %.5f", e.Names[j], e.KS[j], w)
		}
	}
	// Source: Python statistics.correlation on the same CSV, 2 decimals:
	// r(g−r, r−i) = 0.79 background, 0.93 RR Lyrae; r(u−g, i−z) = −0.40 RR Lyrae.
	for _, tc := range []struct {
		k, i, j int
		want    float64
	}{{0, 1, 2, 0.79}, {1, 1, 2, 0.93}, {1, 0, 3, -0.40}} {
		if got := e.Corr[tc.k][tc.i*4+tc.j]; math.Abs(got-tc.want) > 0.005 {
			t.Errorf("class %d r(%s, %s) = %.4f, want %.2f", tc.k, e.Names[tc.i], e.Names[tc.j], got, tc.want)
		}
	}
	for j, h := range e.Hists {
		if h.Outside != [2]int{} {
			t.Errorf("%s: %v rows outside the histogram range; the table has no far outliers", e.Names[j], h.Outside)
		}
	}
}
