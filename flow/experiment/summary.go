package experiment

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"flowlab/flow/eval"
)

// Contamination limits at which SeedMetrics reads completeness off the
// precision–recall curve.
var ContaminationLimits = [2]float64{0.1, 0.2}

// SeedMetrics are one classifier's numbers on one seed's evaluation split:
// the threshold-free ones, the Table III fractions at the two cuts, and each
// class's mean negative log-likelihood under its own density model.
type SeedMetrics struct {
	AUC              float64    `json:"auc"`
	AveragePrecision float64    `json:"average_precision"`
	Completeness     [2]float64 `json:"completeness_at_contamination"` // at ContaminationLimits (0.1, 0.2)
	AtZero           CutMetrics `json:"at_zero"`
	AtPrior          CutMetrics `json:"at_prior"`
	NLL              [2]float64 `json:"nll"` // mean −ln p(x|c) in nats over the class-c rows, background then RR Lyrae
}

// MetricsFor computes SeedMetrics from the report of Evaluate, the
// statistic t and the class log-densities lp (lp[c][i] = ln p(x_i|c)).
func MetricsFor(r Report, t []float64, lp [2][]float64, labels []int) SeedMetrics {
	score := make([]float64, len(t))
	for i, v := range t {
		score[i] = -v
	}
	m := SeedMetrics{AUC: r.AUC, AveragePrecision: r.AveragePrecision, AtZero: r.AtZero, AtPrior: r.AtPrior}
	for k, c := range ContaminationLimits {
		m.Completeness[k] = eval.CompletenessAtContamination(score, labels, c)
	}
	var n [2]int
	for i, y := range labels {
		m.NLL[y] -= lp[y][i]
		n[y]++
	}
	for c := range n {
		m.NLL[c] /= float64(n[c]) // NaN for an absent class
	}
	return m
}

// Stat is the mean and sample standard deviation of a metric over seeds
// (the standard deviation is NaN for fewer than two values; NaN values are
// left out).
type Stat struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
	N    int     `json:"n"`
}

// StatOf summarises values.
func StatOf(values []float64) Stat {
	s, n := 0.0, 0
	for _, v := range values {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	st := Stat{Mean: math.NaN(), Std: math.NaN(), N: n}
	if n == 0 {
		return st
	}
	st.Mean = s / float64(n)
	if n > 1 {
		ss := 0.0
		for _, v := range values {
			if !math.IsNaN(v) {
				ss += (v - st.Mean) * (v - st.Mean)
			}
		}
		st.Std = math.Sqrt(ss / float64(n-1))
	}
	return st
}

// ParseSeeds parses a seed list such as "1-10", "3,7,9" or "1-3,8": comma-
// separated seeds and inclusive ranges, at most 1000 seeds, no repeats.
func ParseSeeds(spec string) ([]uint64, error) {
	var out []uint64
	seen := map[uint64]bool{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseUint(strings.TrimSpace(lo), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("seed list %q: %q is not a seed or a range a-b", spec, part)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(strings.TrimSpace(hi), 10, 64); err != nil || b < a {
				return nil, fmt.Errorf("seed list %q: %q is not a range a-b with a ≤ b", spec, part)
			}
		}
		if b-a >= 1000 || len(out)+int(b-a+1) > 1000 {
			return nil, fmt.Errorf("seed list %q: more than 1000 seeds", spec)
		}
		for s := a; ; s++ {
			if seen[s] {
				return nil, fmt.Errorf("seed list %q: seed %d appears twice", spec, s)
			}
			seen[s] = true
			out = append(out, s)
			if s == b {
				break
			}
		}
	}
	return out, nil
}
