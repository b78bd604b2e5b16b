package eval_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"flowlab/flow/eval"
)

var inf = math.Inf(1)

func TestROCTable(t *testing.T) {
	// Case 1 is the example of scikit-learn's roc_curve, roc_auc_score and
	// average_precision_score documentation (AUC 0.75, AP 0.83); the other
	// cases and the exact AP fractions are counted by hand.
	const tol = 1e-15
	for i, c := range []struct {
		name          string
		score         []float64
		labels        []int
		fpr, tpr, thr []float64
		auc, ap       float64
	}{
		{"sklearn docs", []float64{0.1, 0.4, 0.35, 0.8}, []int{0, 0, 1, 1},
			[]float64{0, 0, 0.5, 0.5, 1}, []float64{0, 0.5, 0.5, 1, 1}, []float64{inf, 0.8, 0.4, 0.35, 0.1},
			0.75, 1*0.5 + 2.0/3*0.5},
		{"tie across classes", []float64{0.9, 0.5, 0.5, 0.1}, []int{1, 1, 0, 0},
			[]float64{0, 0, 0.5, 1}, []float64{0, 0.5, 1, 1}, []float64{inf, 0.9, 0.5, 0.1},
			0.875, 1*0.5 + 2.0/3*0.5},
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []int{0, 1, 0, 1},
			[]float64{0, 1}, []float64{0, 1}, []float64{inf, 0.5},
			0.5, 0.5},
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []int{0, 0, 1, 1},
			[]float64{0, 0, 0, 0.5, 1}, []float64{0, 0.5, 1, 1, 1}, []float64{inf, 0.9, 0.8, 0.2, 0.1},
			1, 1},
		{"inverted", []float64{0.9, 0.8, 0.2, 0.1}, []int{0, 0, 1, 1},
			[]float64{0, 0.5, 1, 1, 1}, []float64{0, 0, 0, 0.5, 1}, []float64{inf, 0.9, 0.8, 0.2, 0.1},
			0, 1.0/3*0.5 + 0.5*0.5},
		{"tie within class", []float64{3, 3, 1, 2, 2}, []int{1, 1, 0, 0, 1},
			[]float64{0, 0, 0.5, 1}, []float64{0, 2.0 / 3, 1, 1}, []float64{inf, 3, 2, 1},
			// Trapezoids: 0.5·(2/3+1)/2 + 0.5·1; AP: (2/3)·1 + (1/3)·(3/4).
			0.5*(2.0/3+1)/2 + 0.5, 2.0/3 + 1.0/3*0.75},
	} {
		c0 := eval.ROC(c.score, c.labels)
		if !near(c0.FPR, c.fpr, tol) || !near(c0.TPR, c.tpr, tol) || !slices.Equal(c0.Threshold, c.thr) {
			t.Errorf("%d %s: ROC = %+v, want FPR %v TPR %v Threshold %v", i, c.name, c0, c.fpr, c.tpr, c.thr)
		}
		if got := c0.AUC(); math.Abs(got-c.auc) > tol {
			t.Errorf("%d %s: AUC = %v, want %v", i, c.name, got, c.auc)
		}
		if got := eval.AUCRank(c.score, c.labels); math.Abs(got-c.auc) > tol {
			t.Errorf("%d %s: AUCRank = %v, want %v", i, c.name, got, c.auc)
		}
		if got := eval.AveragePrecision(c.score, c.labels); math.Abs(got-c.ap) > tol {
			t.Errorf("%d %s: AveragePrecision = %v, want %v", i, c.name, got, c.ap)
		}
	}
}

// near reports whether a and b have equal length and differ by at most tol.
func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// randomScores returns n scores with many ties (rounded to 0.1) where
// signal (about a quarter of the rows) scores higher on average.
func randomScores(rng *rand.Rand, n int) ([]float64, []int) {
	s, l := make([]float64, n), make([]int, n)
	for i := range s {
		if rng.Float64() < 0.25 {
			l[i] = 1
		}
		s[i] = math.Round((rng.NormFloat64()+float64(l[i]))*10) / 10
	}
	return s, l
}

func TestROCAgreesWithAtCut(t *testing.T) {
	// Each ROC point is the decision "signal iff score >= Threshold". With
	// t = −score that is t <= −Threshold, i.e. AtCut with the next float
	// above −Threshold as cut.
	rng := rand.New(rand.NewPCG(1, 2))
	score, labels := randomScores(rng, 500)
	tstat := make([]float64, len(score))
	for i, s := range score {
		tstat[i] = -s
	}
	c := eval.ROC(score, labels)
	if n := len(c.FPR); c.FPR[0] != 0 || c.TPR[0] != 0 || c.FPR[n-1] != 1 || c.TPR[n-1] != 1 {
		t.Fatalf("curve runs from (%v,%v) to (%v,%v), want (0,0) to (1,1)", c.FPR[0], c.TPR[0], c.FPR[n-1], c.TPR[n-1])
	}
	for i := 1; i < len(c.FPR); i++ {
		conf := eval.AtCut(tstat, labels, math.Nextafter(-c.Threshold[i], inf))
		if conf.FalsePositiveRate() != c.FPR[i] || conf.TruePositiveRate() != c.TPR[i] {
			t.Fatalf("point %d (threshold %v): ROC (%v, %v), AtCut (%v, %v)",
				i, c.Threshold[i], c.FPR[i], c.TPR[i], conf.FalsePositiveRate(), conf.TruePositiveRate())
		}
		if !(c.Threshold[i] < c.Threshold[i-1]) {
			t.Fatalf("thresholds not strictly decreasing at %d", i)
		}
	}
	// Trapezoid AUC and Mann–Whitney AUC are the same number.
	if a, r := c.AUC(), eval.AUCRank(score, labels); math.Abs(a-r) > 1e-12 {
		t.Errorf("AUC %v != AUCRank %v", a, r)
	}
	// Passing t instead of −t mirrors the curve: AUC becomes 1 − AUC.
	if a, m := c.AUC(), eval.ROC(tstat, labels).AUC(); math.Abs(a+m-1) > 1e-12 {
		t.Errorf("AUC(score) + AUC(−score) = %v, want 1", a+m)
	}
}

func TestROCOneClass(t *testing.T) {
	score := []float64{0.3, 0.1}
	for _, labels := range [][]int{{0, 0}, {1, 1}} {
		c := eval.ROC(score, labels)
		if c.FPR != nil || c.TPR != nil || c.Threshold != nil || !math.IsNaN(c.AUC()) {
			t.Errorf("labels %v: ROC = %+v with AUC %v, want the zero Curve and NaN", labels, c, c.AUC())
		}
		if r := eval.AUCRank(score, labels); !math.IsNaN(r) {
			t.Errorf("labels %v: AUCRank = %v, want NaN", labels, r)
		}
	}
	if ap := eval.AveragePrecision(score, []int{0, 0}); !math.IsNaN(ap) {
		t.Errorf("AveragePrecision without signal = %v, want NaN", ap)
	}
	// Only signal: every threshold has precision 1.
	if ap := eval.AveragePrecision(score, []int{1, 1}); ap != 1 {
		t.Errorf("AveragePrecision with only signal = %v, want 1", ap)
	}
}

func TestROCPanics(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"length", func() { eval.AveragePrecision([]float64{1}, []int{0, 1}) }},
		{"label", func() { eval.AUCRank([]float64{1, 2}, []int{0, 3}) }},
		{"maxPoints", func() { eval.ROC([]float64{1, 2}, []int{0, 1}).Downsample(1) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}

func TestDownsample(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 20000
	score, labels := make([]float64, n), make([]int, n)
	for i := range score {
		if i%10 == 0 {
			labels[i] = 1
		}
		score[i] = rng.NormFloat64() + 1.5*float64(labels[i])
	}
	c := eval.ROC(score, labels)
	for _, m := range []int{2, 3, 10, 100, 1000} {
		d := c.Downsample(m)
		k := len(d.FPR)
		if k > m || len(d.TPR) != k || len(d.Threshold) != k {
			t.Errorf("m=%d: %d/%d/%d points", m, k, len(d.TPR), len(d.Threshold))
			continue
		}
		if d.FPR[0] != 0 || d.TPR[0] != 0 || d.FPR[k-1] != 1 || d.TPR[k-1] != 1 || d.Threshold[0] != inf {
			t.Errorf("m=%d: end points (%v,%v) (%v,%v)", m, d.FPR[0], d.TPR[0], d.FPR[k-1], d.TPR[k-1])
		}
		// Documented bounds: on each anti-diagonal s = FPR+TPR the kept
		// curve's TPR is within step of the original; AUC within 2·step.
		step := 2 / float64(m-1)
		if diff := math.Abs(d.AUC() - c.AUC()); diff > 2*step {
			t.Errorf("m=%d: AUC moved by %v > %v", m, diff, 2*step)
		}
		worst, j := 0.0, 0
		for i := range c.FPR {
			s := c.FPR[i] + c.TPR[i]
			for j < k-2 && d.FPR[j+1]+d.TPR[j+1] < s {
				j++
			}
			s0, s1 := d.FPR[j]+d.TPR[j], d.FPR[j+1]+d.TPR[j+1]
			tk := d.TPR[j] + (s-s0)/(s1-s0)*(d.TPR[j+1]-d.TPR[j])
			worst = max(worst, math.Abs(tk-c.TPR[i]))
		}
		if worst >= step {
			t.Errorf("m=%d: largest TPR gap on an anti-diagonal %v, want < %v", m, worst, step)
		}
		if m >= 100 && k < m/2 {
			t.Errorf("m=%d: only %d points kept", m, k)
		}
	}
	// Short curves come back as copies.
	small := eval.ROC([]float64{0.1, 0.4, 0.35, 0.8}, []int{0, 0, 1, 1})
	d := small.Downsample(10)
	if !slices.Equal(d.FPR, small.FPR) || !slices.Equal(d.TPR, small.TPR) || !slices.Equal(d.Threshold, small.Threshold) {
		t.Fatalf("Downsample of a short curve changed it: %+v", d)
	}
	d.FPR[1] = 42
	if small.FPR[1] == 42 {
		t.Errorf("Downsample returned an alias, not a copy")
	}
}
