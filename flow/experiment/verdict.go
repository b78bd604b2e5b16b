package experiment

import (
	"fmt"
	"math"
	"strings"

	"flowlab/flow"
)

// Margins of Judge, in nats per row of the mean test NLL. A flow can
// represent any diagonal Gaussian (with standardisation it starts as one), so
// a run that ends clearly worse than the Gaussian fitted to the same rows, or
// far above where it started, did not learn: it diverged.
const (
	// GaussianMargin is how much worse than the single-Gaussian baseline a
	// flow's test NLL may be before the run counts as failed.
	GaussianMargin = 1.0
	// RiseMargin is how far above its test NLL at initialisation a flow may
	// end (besides a relative 10%) before the run counts as failed.
	RiseMargin = 2.0
)

// Verdict is Judge's judgement of one finished training run.
type Verdict struct {
	// Failed is set when the run diverged; Problem says how and Suggestion what to change.
	Failed     bool
	Problem    string
	Suggestion string
	// TestNLL is the mean NLL of the final flow on the test rows; GaussianNLL that of
	// the diagonal Gaussian fitted to the training rows (NaN if there were too few);
	// StartNLL that of the flow at initialisation (NaN if unknown).
	TestNLL, GaussianNLL, StartNLL float64
	// Member is the 1-based ensemble member the verdict is about, of Members
	// flows (both 0 for a single flow).
	Member, Members int
}

// Flow names the flow judged, from its class's flow name (e.g. "the
// background flow"): with the member of an ensemble, "the background flow
// (1 of 2)".
func (v Verdict) Flow(name string) string {
	if v.Members > 1 {
		return fmt.Sprintf("%s (%d of %d)", name, v.Member, v.Members)
	}
	return name
}

// String is the verdict for people: "" for a run that did not fail.
func (v Verdict) String() string {
	if !v.Failed {
		return ""
	}
	return v.Problem + ". " + v.Suggestion
}

// GaussianNLL returns the mean negative log-likelihood on the rows of test of
// one Gaussian with a diagonal covariance, the per-feature mean and variance
// of the rows of train (dim columns each; a constant feature gets variance
// 1, as in flow.FitStandardize). It is the density of a flow whose layers
// are all the identity after the standardisation, the least any trained flow
// should reach. (A full covariance would be a harder bar, but an unfair one
// when features are nearly collinear, as colours that add up can be.) It
// fails if train has fewer than 2 rows or test none.
func GaussianNLL(train, test []float64, dim int) (float64, error) {
	nll, err := gaussianRows(train, test, dim)
	if err != nil {
		return math.NaN(), err
	}
	m, _ := meanSE(nll)
	return m, nil
}

// gaussianRows returns GaussianNLL's per-row negative log-likelihoods.
func gaussianRows(train, test []float64, dim int) ([]float64, error) {
	if dim <= 0 || len(train) < 2*dim || len(train)%dim != 0 || len(test) < dim || len(test)%dim != 0 {
		return nil, fmt.Errorf("experiment: a Gaussian needs at least 2 training rows and 1 test row, have %d and %d values for %d features", len(train), len(test), dim)
	}
	std := flow.FitStandardize(train, len(train)/dim, dim)
	logNorm := 0.0
	for _, s := range std.Scale {
		logNorm += math.Log(s) + 0.5*math.Log(2*math.Pi)
	}
	out := make([]float64, len(test)/dim)
	for i := range out {
		sum := logNorm
		for j, x := range test[i*dim : (i+1)*dim] {
			z := (x - std.Shift[j]) / std.Scale[j]
			sum += 0.5 * z * z
		}
		out[i] = sum
	}
	return out, nil
}

// flowRows returns −ln p_flow(x) under f for every row of x: a flow is
// judged without its defensive mixture (flow.Flow.FlowLogProb), which would
// hide a diverged flow behind its start mixture.
func flowRows(f *flow.Flow, x []float64) []float64 {
	n := len(x) / f.Dim()
	lp := make([]float64, n)
	if n > 0 {
		f.FlowLogProb(lp, x[:n*f.Dim()], n)
	}
	for i := range lp {
		lp[i] = -lp[i]
	}
	return lp
}

// meanSE returns the mean of x and its standard error (NaN for no rows; 0 for one).
func meanSE(x []float64) (mean, se float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1) / float64(len(x)))
}

// MeanNLL returns the mean of −ln p_flow(x) under f (without a defensive
// mixture) over the rows of x (NaN for none).
func MeanNLL(f *flow.Flow, x []float64) float64 {
	m, _ := meanSE(flowRows(f, x))
	return m
}

// RunFacts are what Judge needs to know about a finished run of one class flow.
type RunFacts struct {
	// TestNLL is the mean test NLL of the flow as saved (after KeepBest restored
	// the best epoch); StartNLL that of the same flow at initialisation; NaN if unknown.
	TestNLL, StartNLL float64
	// GaussianNLL is the mean test NLL of the single-Gaussian baseline (GaussianNLL),
	// NaN if unknown; GapSE the standard error of the mean per-row difference between
	// the flow's and the Gaussian's NLL (0 if unknown).
	GaussianNLL, GapSE float64
	// History is the run's epochs; Settings its settings; TrainRows its training rows.
	History   []flow.EpochStats
	Settings  flow.TrainSettings
	TrainRows int
}

// JudgeClass judges the finished run of class c's flow f, trained with
// setup and seed on split, from its test rows: against the same flow at
// initialisation (rebuilt from setup and seed, so "its start" is exact),
// against one Gaussian fitted to the class's training rows (GaussianNLL),
// and through its history. The CLI and the page both call it when a run
// ends; see Judge for the rules. An ensemble is judged member by member,
// each against its own start and with its own epochs (EpochStats.Member),
// and fails with its first failing member: averaging a diverged flow with a
// sound one hides the divergence in the mean, not in the flow.
func JudgeClass(f *flow.Flow, history []flow.EpochStats, setup Setup, split Split, seed uint64, c int) Verdict {
	members := f.Members()
	if len(members) <= 1 {
		return judgeMember(f, history, setup, split, seed, c, 0)
	}
	var v Verdict
	for m, g := range members {
		var own []flow.EpochStats
		for _, st := range history {
			if st.Member == m {
				own = append(own, st)
			}
		}
		v = judgeMember(g, own, setup, split, seed, c, m)
		v.Member, v.Members = m+1, len(members)
		if v.Failed {
			return v
		}
	}
	return v
}

// judgeMember is JudgeClass for member m of class c's flows (0: the single
// flow), against that member's start.
func judgeMember(f *flow.Flow, history []flow.EpochStats, setup Setup, split Split, seed uint64, c, m int) Verdict {
	train, test := split.Train.Class(c), split.Test.Class(c)
	facts := RunFacts{StartNLL: math.NaN(), GaussianNLL: math.NaN(), History: history, Settings: setup.Settings[c], TrainRows: train.Len()}
	rows := flowRows(f, test.X)
	facts.TestNLL, _ = meanSE(rows)
	if g, err := gaussianRows(train.X, test.X, train.Dim); err == nil {
		facts.GaussianNLL, _ = meanSE(g)
		gap := make([]float64, len(g))
		for i := range g {
			gap[i] = rows[i] - g[i]
		}
		_, facts.GapSE = meanSE(gap)
	}
	// The trainer fits the standardisation and a mixture base as the run's did.
	if start, _, err := NewMemberTrainer(setup.Config, setup.Settings[c], train.X, test.X, seed, c, m); err == nil {
		facts.StartNLL = MeanNLL(start, test.X)
	}
	return Judge(facts)
}

// Judge decides whether a run failed. It failed if
//   - the saved flow's test NLL is not finite, or above its start's by more
//     than RiseMargin plus 10% (it diverged);
//   - every epoch's test NLL was that far above the start (training diverged,
//     and what KeepBest kept is the untrained start);
//   - it is worse than the single Gaussian by more than GaussianMargin plus
//     three standard errors of the per-row gap (it diverged or did not learn;
//     or, if it is clearly below its start, stopped long before converging).
//
// Unknown (NaN) numbers skip the tests that need them.
func Judge(r RunFacts) Verdict {
	v := Verdict{TestNLL: r.TestNLL, GaussianNLL: r.GaussianNLL, StartNLL: r.StartNLL}
	haveStart := !math.IsNaN(r.StartNLL) && !math.IsInf(r.StartNLL, 0)
	rise := RiseMargin + 0.1*math.Abs(r.StartNLL)
	gaussBar := r.GaussianNLL + GaussianMargin + 3*r.GapSE
	everyEpochAbove := haveStart && len(r.History) > 0
	for _, st := range r.History {
		if !(st.TestLoss > r.StartNLL+rise) && !math.IsNaN(st.TestLoss) {
			everyEpochAbove = false
		}
	}
	switch {
	case math.IsNaN(r.TestNLL) || math.IsInf(r.TestNLL, 0):
		v.Problem = fmt.Sprintf("training diverged: the test loss is %v", r.TestNLL)
	case haveStart && r.TestNLL > r.StartNLL+rise:
		v.Problem = fmt.Sprintf("training diverged: the test loss rose from %s at the start to %s", nats(r.StartNLL), nats(r.TestNLL))
	case everyEpochAbove:
		last := r.History[len(r.History)-1].TestLoss
		v.Problem = fmt.Sprintf("training diverged: every epoch's test loss was far above the start's %s (the last %s), so the flow kept is the untrained start",
			nats(r.StartNLL), nats(last))
	case !math.IsNaN(r.GaussianNLL) && r.TestNLL > gaussBar && haveStart && r.TestNLL < r.StartNLL-GaussianMargin:
		v.Problem = fmt.Sprintf("training stopped long before the flow converged: its test loss %s (%s at the start) is still worse than a single Gaussian's %s on the same rows",
			nats(r.TestNLL), nats(r.StartNLL), nats(r.GaussianNLL))
		v.Failed, v.Suggestion = true, slowSuggestion(r.Settings)
		return v
	case !math.IsNaN(r.GaussianNLL) && r.TestNLL > gaussBar:
		v.Problem = fmt.Sprintf("training failed: the test loss %s is worse than a single Gaussian's %s on the same rows", nats(r.TestNLL), nats(r.GaussianNLL))
		if r.TrainRows > 0 && r.TrainRows < 200 {
			v.Failed, v.Suggestion = true, fmt.Sprintf("With %d training rows the flow overfits: use a smaller flow (fewer layers, units or base components), or more data.", r.TrainRows)
			return v
		}
	default:
		return v
	}
	v.Failed, v.Suggestion = true, divergedSuggestion(r.Settings)
	return v
}

// divergedSuggestion says which settings most likely make a diverging run converge.
func divergedSuggestion(s flow.TrainSettings) string {
	var tips []string
	if s.LRStart > 1e-3 {
		tips = append(tips, fmt.Sprintf("lower the learning rate (%g; the paper starts at 1e-3)", s.LRStart))
	}
	if !s.Standardize {
		tips = append(tips, "turn standardisation on")
	}
	if s.BatchSize > 0 && s.BatchSize < 32 {
		tips = append(tips, fmt.Sprintf("use larger batches (%d rows now)", s.BatchSize))
	}
	return sentence(append(tips, "use a smaller flow (fewer layers or units)"))
}

// slowSuggestion says how to let a run that was still improving get further.
func slowSuggestion(s flow.TrainSettings) string {
	var tips []string
	if !s.Standardize {
		tips = append(tips, "turn standardisation on")
	}
	return sentence(append(tips, "train for more epochs"))
}

// sentence joins tips as "A, b, or c.".
func sentence(tips []string) string {
	out := strings.Join(tips[:len(tips)-1], ", ")
	if out != "" {
		out += ", or "
	}
	out += tips[len(tips)-1]
	return strings.ToUpper(out[:1]) + out[1:] + "."
}

// nats writes a loss for a message: 4 significant digits ("8.1e+10" when huge).
func nats(v float64) string { return fmt.Sprintf("%.4g", v) }
