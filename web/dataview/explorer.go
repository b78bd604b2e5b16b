package dataview

import (
	"math"
	"slices"
	"sync"

	"flowlab/flow/data"
	"flowlab/flow/eval"
)

// ExplorerBins is the number of histogram bins per feature.
const ExplorerBins = 40

// Explorer holds what the Data view shows about one dataset, the paper's
// section I: per-class histograms of every feature (Fig. 2), per-class
// correlation matrices (Figs. 7–8) and the Kolmogorov–Smirnov statistic per
// feature (Table I). Build it once per dataset with [NewExplorer] (or the
// cached [explorerFor]); it never changes afterwards.
type Explorer struct {
	// Dim is the number of features; Names their column names.
	Dim   int
	Names []string
	// Counts is the number of rows with label 0 and with label 1.
	Counts [2]int
	// Hists is one histogram per feature, in column order.
	Hists []FeatureHist
	// Corr is each class's Dim×Dim Pearson correlation matrix, row-major.
	// Entries are NaN where a coefficient is undefined (a constant column or
	// fewer than two rows).
	Corr [2][]float64
	// KS is the two-sample Kolmogorov–Smirnov statistic of each feature,
	// label 1 against label 0, on all rows.
	KS []float64

	data     *data.Dataset // the table, for DataChecksum
	sumOnce  sync.Once
	checksum string
}

// DataChecksum returns the table's data.Dataset.Checksum, to recognise the
// paper's table when it is uploaded as a CSV. It is computed on first use
// (a SHA-256 of the whole table: too slow for the page's start, where the
// bundled data is recognised by identity).
func (e *Explorer) DataChecksum() string {
	e.sumOnce.Do(func() { e.checksum = e.data.Checksum() })
	return e.checksum
}

// FeatureHist is one feature's per-class histogram on shared bins.
type FeatureHist struct {
	// Name is the feature's column name.
	Name string
	// Edges are the ExplorerBins+1 bin edges, ascending.
	Edges []float64
	// Density is each class's histogram as a probability density: count in
	// the bin / (rows of the class × bin width), so a class's bars have area
	// equal to the fraction of its rows inside [Edges[0], Edges[last]] and
	// a small class is as visible as a large one.
	Density [2][]float64
	// Outside counts each class's rows that fall outside the edges (only
	// far outliers, see histRange).
	Outside [2]int
}

// NewExplorer computes the statistics of d. It panics if d is nil; a class
// with no rows gives zero histograms, NaN correlations and NaN KS values.
func NewExplorer(d *data.Dataset) *Explorer { return newExplorer(d, func() {}) }

// newExplorer is NewExplorer calling yield between its steps (a feature,
// a class's correlations), each at most a few sorts of one column, so a
// million-row upload lets the page paint while its statistics are computed.
func newExplorer(d *data.Dataset, yield func()) *Explorer {
	n0, n1 := d.Counts()
	e := &Explorer{Dim: d.Dim, Names: slices.Clone(d.Names), Counts: [2]int{n0, n1}, data: d}
	var class [2]*data.Dataset
	for c := range 2 {
		class[c] = d.Class(c)
	}
	yield()
	e.KS = make([]float64, d.Dim)
	for j := range d.Dim {
		// Each class's column sorted once serves the histogram range (their
		// merge is the whole column sorted) and the KS statistic.
		var sorted [2][]float64
		for c := range 2 {
			sorted[c] = class[c].Column(j)
			eval.SortFloats(sorted[c])
		}
		lo, hi := histRange(mergeSorted(sorted[0], sorted[1]))
		h := FeatureHist{Name: d.Names[j], Edges: make([]float64, ExplorerBins+1)}
		w := (hi - lo) / ExplorerBins
		for b := range h.Edges {
			h.Edges[b] = lo + float64(b)*w
		}
		h.Edges[ExplorerBins] = hi
		for c := range 2 {
			col := sorted[c]
			counts := eval.Histogram(col, lo, hi, ExplorerBins)
			inside := 0
			for b, k := range counts {
				inside += int(k)
				if len(col) > 0 {
					counts[b] = k / (float64(len(col)) * w)
				}
			}
			h.Density[c] = counts
			h.Outside[c] = len(col) - inside
		}
		e.Hists = append(e.Hists, h)
		e.KS[j] = math.NaN()
		if n0 > 0 && n1 > 0 {
			e.KS[j] = eval.KSSorted(sorted[1], sorted[0]) // the table holds no NaN (data.Dataset)
		}
		yield()
	}
	for c := range 2 {
		e.Corr[c] = classCorrelation(class[c])
		yield()
	}
	return e
}

// mergeSorted merges two ascending slices into a new ascending one.
func mergeSorted(a, b []float64) []float64 {
	out := make([]float64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// classCorrelation is eval.Correlation with NaN for every undefined
// coefficient: all of them with fewer than two rows, and the whole row and
// column of a constant feature (gonum gives NaN or ±Inf there, but 1 on the
// diagonal).
func classCorrelation(d *data.Dataset) []float64 {
	out := make([]float64, d.Dim*d.Dim)
	if d.Len() < 2 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	copy(out, eval.Correlation(d.X, d.Dim))
	for j := range d.Dim {
		if !allSame(d, j) {
			continue
		}
		for k := range d.Dim {
			out[j*d.Dim+k], out[k*d.Dim+j] = math.NaN(), math.NaN()
		}
	}
	return out
}

// allSame reports whether column j of d holds one value only.
func allSame(d *data.Dataset, j int) bool {
	first := d.X[j]
	for i := 1; i < d.Len(); i++ {
		if d.X[i*d.Dim+j] != first {
			return false
		}
	}
	return true
}

// histRange chooses the histogram range of one feature over all rows: the
// full [min, max], unless a few far outliers would squash everything else,
// in which case it is the central 99.8% (the 0.1% and 99.9% quantiles).
// "Far" means the full range is more than 10 times the central one. A
// feature with a single value gets a unit-wide range around it. It panics
// if s is empty. s must be sorted ascending.
func histRange(s []float64) (lo, hi float64) {
	lo, hi = s[0], s[len(s)-1]
	qlo, qhi := eval.Quantile(s, 0.001), eval.Quantile(s, 0.999)
	if qhi > qlo && hi-lo > 10*(qhi-qlo) {
		lo, hi = qlo, qhi
	}
	// A constant column, or one whose values differ only in their last
	// digits (0.3 and 0.1 + 0.2): one bar in the middle of a unit-wide
	// range, wider for large values, which ±0.5 would not change.
	if !(hi-lo > 1e-9*math.Max(math.Abs(lo), math.Abs(hi))) {
		mid := lo + (hi-lo)/2
		d := math.Max(0.5, math.Abs(mid)*1e-6)
		lo, hi = mid-d, mid+d
	}
	return lo, hi
}

// explorerCache remembers the explorers of the last few datasets, keyed by
// the dataset pointer (a Dataset is never changed after it is loaded).
var explorerCache struct {
	sync.Mutex
	m map[*data.Dataset]*Explorer
}

// explorerCacheSize bounds the cache: the bundled data, a teaching set and
// an upload are the usual working set.
const explorerCacheSize = 4

// explorerFor returns the Explorer of d, computing it on first use. It
// returns nil for a nil d.
func explorerFor(d *data.Dataset) *Explorer { return explorerWith(d, func() {}) }

// explorerWith is explorerFor computing with yield between steps (see
// newExplorer), outside the cache's lock so that a render never waits for it.
func explorerWith(d *data.Dataset, yield func()) *Explorer {
	if d == nil {
		return nil
	}
	explorerCache.Lock()
	e, ok := explorerCache.m[d]
	explorerCache.Unlock()
	if ok {
		return e
	}
	e = newExplorer(d, yield)
	explorerCache.Lock()
	defer explorerCache.Unlock()
	if explorerCache.m == nil || len(explorerCache.m) >= explorerCacheSize {
		explorerCache.m = make(map[*data.Dataset]*Explorer, explorerCacheSize)
	}
	explorerCache.m[d] = e
	return e
}

// forgetExplorer drops d's statistics from the cache (which would keep d
// itself alive), when d is dropped for good.
func forgetExplorer(d *data.Dataset) {
	explorerCache.Lock()
	defer explorerCache.Unlock()
	delete(explorerCache.m, d)
}
