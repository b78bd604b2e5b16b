package flow

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// An ensemble is K flows of one class, trained apart, averaged in density:
//
//	p(x) = (1/K)·Σ_k p_k(x),
//
// itself a normalised density (each p_k is). It is a Flow whose own chain
// is the first member and whose others (Members()[1:]) follow; LogProb,
// Sample, TraceInverse/TraceForward (the ledger's Ensemble term) and Model
// see all K, while Params, Grads, Layers, LossGrad and training see the
// first member only: members are trained one by one and joined by
// Ensemble.

// MaxMembers is the most flows an ensemble may have.
const MaxMembers = 8

// Ensemble joins trained flows of one class into one: a flow with members[0]'s
// chain and parameters (shared, not copied) whose density is the mean of the
// members' densities. One member returns it unchanged. Members must have the
// same number of features and must not be ensembles themselves.
func Ensemble(members ...*Flow) (*Flow, error) {
	if len(members) == 0 || len(members) > MaxMembers {
		return nil, fmt.Errorf("%w: an ensemble has 1 to %d members, got %d", ErrConfig, MaxMembers, len(members))
	}
	for k, m := range members {
		if m == nil || len(m.others) > 0 {
			return nil, fmt.Errorf("%w: member %d is missing or is an ensemble itself", ErrConfig, k+1)
		}
		if m.Dim() != members[0].Dim() {
			return nil, fmt.Errorf("%w: member %d has %d features, member 1 has %d", ErrConfig, k+1, m.Dim(), members[0].Dim())
		}
	}
	if len(members) == 1 {
		return members[0], nil
	}
	f := *members[0]
	f.others = append([]*Flow(nil), members[1:]...)
	return &f, nil
}

// Members returns the flows of an ensemble, the first being f's own chain
// (without the others), or f itself when it is a single flow.
func (f *Flow) Members() []*Flow {
	if len(f.others) == 0 {
		return []*Flow{f}
	}
	own := *f
	own.others = nil
	return append([]*Flow{&own}, f.others...)
}

// ensembleLogProb replaces lp[i] = ln p_1(x_i), the first member's
// log-density, by the ensemble's ln((1/K)·Σ_k p_k(x_i)) for n rows of x.
func (f *Flow) ensembleLogProb(lp, x []float64, n int) {
	K := len(f.others) + 1
	all := make([][]float64, K)
	all[0] = lp[:n]
	for k, o := range f.others {
		all[k+1] = make([]float64, n)
		o.LogProb(all[k+1], x, n)
	}
	lnK := math.Log(float64(K))
	for i := range n {
		m := math.Inf(-1)
		for _, a := range all {
			m = max(m, a[i])
		}
		if math.IsInf(m, 0) || math.IsNaN(m) {
			lp[i] = m
			continue
		}
		s := 0.0
		for _, a := range all {
			s += math.Exp(a[i] - m)
		}
		lp[i] = m + math.Log(s) - lnK
	}
}

// sampleEnsemble replaces each of the n samples in x (drawn from the first
// member) with probability (K−1)/K by a draw from another member chosen
// uniformly: each row then comes from member k with probability 1/K.
func (f *Flow) sampleEnsemble(x []float64, n int, rng *rand.Rand) {
	d := f.Dim()
	K := len(f.others) + 1
	rows := make([][]int, K)
	for i := range n {
		k := rng.IntN(K)
		rows[k] = append(rows[k], i)
	}
	for k, o := range f.others {
		r := rows[k+1]
		if len(r) == 0 {
			continue
		}
		y := make([]float64, len(r)*d)
		o.Sample(y, len(r), rng)
		for j, i := range r {
			copy(x[i*d:(i+1)*d], y[j*d:(j+1)*d])
		}
	}
}
