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
	if dim <= 0 || len(train) < 2*dim || len(train)%dim != 0 || len(test) < dim || len(test)%dim != 0 {
		return math.NaN(), fmt.Errorf("experiment: a Gaussian needs at least 2 training rows and 1 test row, have %d and %d values for %d features", len(train), len(test), dim)
	}
	std := flow.FitStandardize(train, len(train)/dim, dim)
	logNorm := 0.0
	for _, s := range std.Scale {
		logNorm += math.Log(s) + 0.5*math.Log(2*math.Pi)
	}
	n := len(test) / dim
	sum := 0.0
	for i := range n {
		for j, x := range test[i*dim : (i+1)*dim] {
			z := (x - std.Shift[j]) / std.Scale[j]
			sum += 0.5 * z * z
		}
	}
	return sum/float64(n) + logNorm, nil
}

// JudgeClass judges the finished run of class c's flow f, trained with
// setup and seed on split: its test NLL on the class's test rows against the
// same flow at initialisation (rebuilt from setup and seed, so "its start"
// is exact) and against one Gaussian fitted to the class's training rows
// (GaussianNLL). The CLI and the page both call it when a run ends; see
// Judge for the rules. history is the run's epochs: a run whose last epoch's
// test loss rose far above its start diverged, even when KeepBest kept an
// earlier, better flow (with a mixture base that is the fitted start itself).
func JudgeClass(f *flow.Flow, history []flow.EpochStats, setup Setup, split Split, seed uint64, c int) Verdict {
	train, test := split.Train.Class(c), split.Test.Class(c)
	g, err := GaussianNLL(train.X, test.X, train.Dim)
	if err != nil {
		g = math.NaN()
	}
	start := math.NaN()
	if _, tr, err := NewClassTrainer(setup.Config, setup.Settings[c], train.X, test.X, seed, c); err == nil {
		start = tr.TestLoss()
	}
	v := Judge(MeanNLL(f, test.X), start, g, setup.Settings[c])
	if n := len(history); !v.Failed && n > 0 {
		last := history[n-1]
		if w := Judge(last.TestLoss, start, math.NaN(), setup.Settings[c]); w.Failed {
			w.Problem += fmt.Sprintf(" by epoch %d (the flow kept is the best epoch's, no better than its start)", last.Epoch)
			w.TestNLL, w.GaussianNLL = v.TestNLL, v.GaussianNLL
			return w
		}
	}
	return v
}

// MeanNLL returns the mean of −ln p(x) under f over the rows of x (NaN for none).
func MeanNLL(f *flow.Flow, x []float64) float64 {
	n := len(x) / f.Dim()
	if n == 0 {
		return math.NaN()
	}
	lp := make([]float64, n)
	f.LogProb(lp, x[:n*f.Dim()], n)
	sum := 0.0
	for _, v := range lp {
		sum -= v
	}
	return sum / float64(n)
}

// Judge decides whether a run failed from three mean test NLLs: testNLL of
// the final flow (as saved: after KeepBest restored the best epoch),
// startNLL of the flow at initialisation and gaussNLL of the single-Gaussian
// baseline. The run failed if testNLL is not finite or above startNLL by
// more than RiseMargin plus 10% (it diverged), or worse than gaussNLL by
// more than GaussianMargin: then it diverged or did not learn if it is not
// clearly below its start, and stopped long before converging if it is.
// A NaN startNLL or gaussNLL skips the tests that need it; s (the run's
// settings) shapes the suggestion.
func Judge(testNLL, startNLL, gaussNLL float64, s flow.TrainSettings) Verdict {
	v := Verdict{TestNLL: testNLL, GaussianNLL: gaussNLL, StartNLL: startNLL}
	haveStart, haveGauss := !math.IsNaN(startNLL) && !math.IsInf(startNLL, 0), !math.IsNaN(gaussNLL)
	switch {
	case math.IsNaN(testNLL) || math.IsInf(testNLL, 0):
		v.Problem = fmt.Sprintf("training diverged: the test loss is %v", testNLL)
	case haveStart && testNLL > startNLL+RiseMargin+0.1*math.Abs(startNLL):
		v.Problem = fmt.Sprintf("training diverged: the test loss rose from %s at the start to %s", nats(startNLL), nats(testNLL))
	case haveGauss && testNLL > gaussNLL+GaussianMargin && haveStart && testNLL < startNLL-GaussianMargin:
		v.Problem = fmt.Sprintf("training stopped long before the flow converged: its test loss %s (%s at the start) is still worse than a single Gaussian's %s on the same rows",
			nats(testNLL), nats(startNLL), nats(gaussNLL))
		v.Failed, v.Suggestion = true, slowSuggestion(s)
		return v
	case haveGauss && testNLL > gaussNLL+GaussianMargin:
		v.Problem = fmt.Sprintf("training failed: the test loss %s is worse than a single Gaussian's %s on the same rows", nats(testNLL), nats(gaussNLL))
	default:
		return v
	}
	v.Failed, v.Suggestion = true, divergedSuggestion(s)
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
