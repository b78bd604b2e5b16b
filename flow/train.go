package flow

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Decay modes of TrainSettings.Decay.
const (
	DecayRun  = "run"  // the rate decays over the whole run: MaxEpochs × steps per epoch
	DecayStep = "step" // the paper's original code: over DecaySteps optimiser steps (default MaxEpochs)
)

// TrainSettings configures Trainer. Zero fields take the defaults given.
type TrainSettings struct {
	BatchSize   int     // rows per optimiser step; default 1000 (paper: 1000 background, 100 RR Lyrae)
	MaxEpochs   int     // default 20
	Tol         float64 // stop when the test loss changes by less than Tol relative; default 1e-6, negative disables
	LRStart     float64 // default 1e-3
	LREnd       float64 // default 1e-4
	LRPower     float64 // default 0.5
	Decay       string  // DecayRun (default) or DecayStep
	DecaySteps  int     // with DecayStep: steps to reach LREnd; default MaxEpochs
	Beta1       float64 // Adam; default 0.9
	Beta2       float64 // Adam; default 0.999
	Eps         float64 // Adam; default 1e-7 (Keras)
	Standardize bool    // fit a standardisation on the training split and fold it into the flow
	KeepBest    bool    // when done, restore the parameters of the epoch with the lowest test loss (with a mixture base, the start counts as epoch 0)
	MaxRollback int     // non-finite steps tolerated before giving up; default 8

	// Regularisation (zero: off). Omitted from JSON when zero, so that saved
	// models without them are unchanged.
	WeightDecay float64 `json:",omitempty"` // decoupled weight decay (AdamW) of the layers (not a mixture base): θ ← θ − lr·WeightDecay·θ every step
	Noise       float64 `json:",omitempty"` // add N(0, Noise²) to every training value, in standardised units when Standardize is set
	KeepBase    bool    `json:",omitempty"` // do not refit a mixture base by EM before training (fine-tuning a trained flow)
	// BaseRestarts is how many EM fits to run for a defensive mixture's start
	// (each from its own k-means++ start), keeping the most likely on the
	// training rows; 0 or 1: one fit (see Flow.FitBaseRestarts).
	BaseRestarts int `json:",omitempty"`
	// Average is the half-life, in epochs, of an exponential moving average
	// of the parameters (Polyak averaging); 0 is off. With it, the test loss,
	// KeepBest and the trained flow use the average (see average.go).
	Average float64 `json:",omitempty"`
	// Members is the number of flows of an ensemble trained one after the
	// other, each from its own initialisation, and averaged in density (see
	// flow.Ensemble); 0 or 1: one flow. The Trainer trains one flow:
	// experiment.TrainClasses trains the members.
	Members int `json:",omitempty"`
}

// MaxAverage is the longest half-life, in epochs, TrainSettings.Average may
// ask for. It does not depend on MaxEpochs, so that a shorter run of a
// preset stays valid.
const MaxAverage = 1000

// MaxBaseRestarts is the most EM restarts TrainSettings.BaseRestarts may ask for.
const MaxBaseRestarts = 100

// WithDefaults returns s with every zero field set to its default.
func (s TrainSettings) WithDefaults() TrainSettings {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	if s.BatchSize <= 0 {
		s.BatchSize = 1000
	}
	if s.MaxEpochs <= 0 {
		s.MaxEpochs = 20
	}
	def(&s.Tol, 1e-6)
	def(&s.LRStart, 1e-3)
	def(&s.LREnd, 1e-4)
	def(&s.LRPower, 0.5)
	def(&s.Beta1, 0.9)
	def(&s.Beta2, 0.999)
	def(&s.Eps, 1e-7)
	if s.Decay == "" {
		s.Decay = DecayRun
	}
	if s.DecaySteps <= 0 {
		s.DecaySteps = s.MaxEpochs
	}
	if s.MaxRollback <= 0 {
		s.MaxRollback = 8
	}
	return s
}

// Validate reports the first out-of-range setting, wrapping ErrConfig.
func (s TrainSettings) Validate() error {
	s = s.WithDefaults()
	bad := func(f string, a ...any) error { return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(f, a...)) }
	switch {
	case s.BatchSize > 1<<20:
		return bad("batch size %d is above %d", s.BatchSize, 1<<20)
	case s.MaxEpochs > 100000:
		return bad("max epochs %d is above 100000", s.MaxEpochs)
	case !(s.LRStart > 0 && s.LRStart < 1) || !(s.LREnd > 0 && s.LREnd < 1):
		return bad("learning rates must lie in (0, 1), got %g → %g", s.LRStart, s.LREnd)
	case !(s.LRPower > 0):
		return bad("decay power must be positive, got %g", s.LRPower)
	case s.Decay != DecayRun && s.Decay != DecayStep:
		return bad("decay %q is not %q or %q", s.Decay, DecayRun, DecayStep)
	case !(s.Beta1 >= 0 && s.Beta1 < 1) || !(s.Beta2 >= 0 && s.Beta2 < 1) || !(s.Eps > 0):
		return bad("Adam settings out of range: β1=%g β2=%g ε=%g", s.Beta1, s.Beta2, s.Eps)
	case !(s.WeightDecay >= 0 && s.WeightDecay < 1):
		return bad("weight decay must lie in [0, 1), got %g", s.WeightDecay)
	case !(s.Noise >= 0 && s.Noise <= 10):
		return bad("noise must lie in [0, 10], got %g", s.Noise)
	case s.Members < 0 || s.Members > MaxMembers:
		return bad("an ensemble has 1 to %d members, got %d", MaxMembers, s.Members)
	case !(s.Average >= 0 && s.Average <= MaxAverage):
		return bad("averaging half-life must lie in [0, %d] epochs, got %g", MaxAverage, s.Average)
	case s.BaseRestarts < 0 || s.BaseRestarts > MaxBaseRestarts:
		return bad("base restarts %d is outside 0…%d", s.BaseRestarts, MaxBaseRestarts)
	}
	return nil
}

// EpochStats is what the trainer reports after each epoch.
type EpochStats struct {
	Epoch         int     `json:"epoch"`            // 1-based
	Steps         int     `json:"steps"`            // optimiser steps taken so far in the run
	TrainLoss     float64 `json:"train_loss"`       // mean NLL over the epoch's batches
	LastLoss      float64 `json:"last_loss"`        // the last batch's loss (what the paper's code records)
	TestLoss      float64 `json:"test_loss"`        // mean NLL on the test split
	LR            float64 `json:"lr"`               // learning rate of the last step
	Seconds       float64 `json:"seconds"`          // wall time since the trainer started
	SamplesPerSec float64 `json:"samples_per_s"`    // training rows per second during this epoch
	Rollbacks     int     `json:"rollbacks"`        // rollbacks so far in the run
	Saturation    float64 `json:"saturation"`       // fraction of tanh log-scales with |s| > 0.99 in the last batch
	LastGoodEpoch int     `json:"last_good_epoch"`  // last epoch whose parameters were finite and saved
	Member        int     `json:"member,omitempty"` // the ensemble member (0-based) this epoch trained; 0 for a single flow
}

// After numbers st as an epoch of ensemble member m that follows epochs
// epochs and steps steps of the run (the members before it).
func (st EpochStats) After(m, epochs, steps int) EpochStats {
	st.Member = m
	st.Epoch += epochs
	st.Steps += steps
	if st.LastGoodEpoch > 0 {
		st.LastGoodEpoch += epochs
	}
	return st
}

// Stop reasons reported by Trainer.Reason.
const (
	ReasonConverged = "converged" // the test loss changed by less than Tol
	ReasonMaxEpochs = "max-epochs"
	ReasonNonFinite = "non-finite" // too many non-finite steps; see Err
	ReasonCancelled = "cancelled"
	ReasonFailed    = "failed" // the gradient could not be computed (e.g. a helper worker died); see Err
)

// GradFunc computes the summed negative log-likelihood of n rows of x and
// adds scale·∂(Σ −ln p)/∂θ to the flow's Grads, like Flow.LossGrad, which is
// the default. A data-parallel trainer sets one that splits the rows across
// workers and reduces their gradients in a fixed order.
type GradFunc func(x []float64, n int, scale float64) (float64, error)

// Trainer fits a flow by maximum likelihood: mini-batch Adam on the mean
// negative log-likelihood (paper §II.C), a learning-rate schedule, the test
// loss after every epoch, and a guard that never lets a non-finite loss or
// gradient reach the parameters: it rolls back to the last good epoch, halves
// the learning rate and goes on, up to MaxRollback times.
//
// Drive it step by step (Step) to stay responsive, or with Run.
type Trainer struct {
	Flow     *Flow
	Settings TrainSettings
	// Grad computes each batch's loss and gradient; nil means Flow.LossGrad.
	Grad GradFunc

	train, test   []float64
	nTrain, nTest int
	rng           *rand.Rand
	opt           *Adam
	sched         PolyDecay
	stepsPerEpoch int

	order       []int
	pos         int
	batch       []float64
	testLP      []float64
	epoch, step int
	lrScale     float64
	sumLoss     float64
	nLoss       int
	lastLoss    float64
	lastLR      float64
	prevTest    float64
	bestTest    float64
	rollbacks   int
	lastGood    int
	epochStart  time.Time
	start       time.Time
	epochRows   int
	good, best  snapshot
	mask        []float64 // ParamMask, for weight decay
	avg         average   // Settings.Average
	history     []EpochStats
	done        bool
	reason      string
	err         error
}

type snapshot struct {
	params []float64
	adam   adamState
}

// NewTrainer prepares to train f on nTrain rows of train, measuring the loss
// on nTest rows of test after every epoch. The trainer keeps the slices. It
// fits the standardisation first when s.Standardize is set.
func NewTrainer(f *Flow, train []float64, nTrain int, test []float64, nTest int, s TrainSettings, rng *rand.Rand) (*Trainer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s = s.WithDefaults()
	d := f.Dim()
	switch {
	case nTrain <= 0:
		return nil, ErrNoData
	case len(train) < nTrain*d || len(test) < nTest*d:
		return nil, fmt.Errorf("%w: %d values for %d rows of %d", ErrDim, len(train), nTrain, d)
	}
	if s.Standardize {
		f.SetStandardization(FitStandardize(train, nTrain, d))
	}
	if f.base != nil && !s.KeepBase {
		if err := f.FitBaseRestarts(train, nTrain, s.BaseRestarts, rand.New(rand.NewPCG(rng.Uint64(), streamBaseFit))); err != nil {
			return nil, fmt.Errorf("fitting the mixture base: %w", err)
		}
	}
	t := &Trainer{Flow: f, Settings: s, train: train, test: test, nTrain: nTrain, nTest: nTest, rng: rng,
		opt: NewAdamFor(f, s.Beta1, s.Beta2, s.Eps), lrScale: 1,
		prevTest: math.NaN(), bestTest: math.Inf(1)}
	bs := min(s.BatchSize, nTrain)
	t.stepsPerEpoch = (nTrain + bs - 1) / bs
	t.sched = PolyDecay{Start: s.LRStart, End: s.LREnd, Power: s.LRPower, Steps: s.MaxEpochs * t.stepsPerEpoch}
	if s.Decay == DecayStep {
		t.sched.Steps = s.DecaySteps
	}
	t.order = make([]int, nTrain)
	for i := range t.order {
		t.order[i] = i
	}
	t.batch = make([]float64, bs*d)
	t.avg = newAverage(s.Average, t.stepsPerEpoch, f.Params)
	t.testLP = make([]float64, max(nTest, 1))
	t.save(&t.good)
	if s.KeepBest && f.base != nil {
		// A fitted mixture base with identity layers is the EM mixture itself:
		// keeping the best epoch then includes that start, so training can only
		// improve the test loss on it.
		if test := t.TestLoss(); test < t.bestTest {
			t.bestTest = test
			t.save(&t.best)
		}
	}
	t.start = time.Now()
	return t, nil
}

// StepsPerEpoch is the number of optimiser steps in one pass over the
// training rows.
func (t *Trainer) StepsPerEpoch() int { return t.stepsPerEpoch }

// Done reports whether training has ended; Reason and Err say why.
func (t *Trainer) Done() bool { return t.done }

// Reason is one of the Reason constants once Done, else "".
func (t *Trainer) Reason() string { return t.reason }

// Err is the error that ended training, if any (a *NonFiniteError or ErrCancelled).
func (t *Trainer) Err() error { return t.err }

// History returns the statistics of every finished epoch.
func (t *Trainer) History() []EpochStats { return t.history }

// Epoch is the number of finished epochs; StepCount the optimiser steps taken.
func (t *Trainer) Epoch() int { return t.epoch }

// MidEpoch reports whether the current epoch has begun: some of its batches
// were taken and its end is still to come.
func (t *Trainer) MidEpoch() bool { return t.pos != 0 }

// StepCount is the number of optimiser steps taken.
func (t *Trainer) StepCount() int { return t.step }

// LastLoss is the most recent batch's mean NLL.
func (t *Trainer) LastLoss() float64 { return t.lastLoss }

// Rollbacks is the number of rollbacks so far.
func (t *Trainer) Rollbacks() int { return t.rollbacks }

// LR returns the learning rate the next step will use.
func (t *Trainer) LR() float64 { return t.sched.At(t.step) * t.lrScale }

// Step takes one optimiser step on the next mini-batch. It returns the epoch's
// statistics and true when this step finished an epoch. It does nothing once
// Done.
func (t *Trainer) Step() (EpochStats, bool) {
	if t.done {
		return EpochStats{}, false
	}
	d := t.Flow.Dim()
	if t.pos == 0 {
		t.rng.Shuffle(len(t.order), func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
		t.sumLoss, t.nLoss, t.epochRows = 0, 0, 0
		t.epochStart = time.Now()
	}
	bs := len(t.batch) / d
	nb := min(bs, t.nTrain-t.pos)
	for r, idx := range t.order[t.pos : t.pos+nb] {
		copy(t.batch[r*d:(r+1)*d], t.train[idx*d:(idx+1)*d])
	}
	t.pos += nb
	t.epochRows += nb
	if t.Settings.Noise > 0 {
		t.addNoise(t.batch[:nb*d])
	}

	clear(t.Flow.Grads)
	sum, err := t.grad(t.batch[:nb*d], nb, 1/float64(nb))
	if err != nil {
		t.finish(ReasonFailed, err)
		return EpochStats{}, false
	}
	loss := sum / float64(nb)
	if bad := t.checkFinite(loss); bad != nil {
		t.rollback(bad)
	} else {
		lr := t.LR()
		if wd := t.Settings.WeightDecay; wd > 0 {
			t.decay(lr * wd)
		}
		t.opt.Step(t.Flow.Params, t.Flow.Grads, lr)
		t.avg.update(t.Flow.Params)
		t.step++
		t.lastLoss, t.lastLR = loss, lr
		t.sumLoss += loss * float64(nb)
		t.nLoss += nb
	}
	if t.pos < t.nTrain || t.done {
		return EpochStats{}, false
	}
	t.pos = 0
	return t.endEpoch(), true
}

// streamBaseFit is the PCG stream of the generator that seeds the mixture
// base's EM (its seed is drawn from the trainer's generator).
const streamBaseFit = 0xBA5E

// addNoise adds N(0, Noise²) to every value of the batch, scaled by the
// standardisation's per-feature scale when there is one, so that Noise is in
// standardised units.
func (t *Trainer) addNoise(x []float64) {
	d := t.Flow.Dim()
	std := t.Flow.Standardization()
	for i := range x {
		e := t.Settings.Noise * t.rng.NormFloat64()
		if std != nil {
			e *= std.Scale[i%d]
		}
		x[i] += e
	}
}

// decay shrinks every trained layer parameter by the factor 1 − rate
// (decoupled weight decay), pulling the layers toward the identity they
// start from with a mixture base; masked weights and the base's parameters
// are left alone.
func (t *Trainer) decay(rate float64) {
	if t.mask == nil {
		t.mask = t.Flow.ParamMask()
		clear(t.mask[t.Flow.layerParams():])
	}
	for i, m := range t.mask {
		t.Flow.Params[i] -= rate * m * t.Flow.Params[i]
	}
}

// allFinite reports whether every value of x is finite. g·0 is ±0 for a
// finite g and NaN for ±Inf and NaN, so branch-free sums of g·0 tell; four
// independent sums run 3–5× faster in wasm than testing each value
// (BenchmarkAllFinite: 0.3–0.4 against 1.2–1.7 ms for a paper MADE's
// gradient), and this runs every step while data-parallel helpers wait.
func allFinite(x []float64) bool {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * 0
		s1 += x[i+1] * 0
		s2 += x[i+2] * 0
		s3 += x[i+3] * 0
	}
	for ; i < len(x); i++ {
		s0 += x[i] * 0
	}
	return s0+s1+s2+s3 == 0
}

func (t *Trainer) grad(x []float64, n int, scale float64) (float64, error) {
	if t.Grad != nil {
		return t.Grad(x, n, scale)
	}
	return t.Flow.LossGrad(x, n, scale), nil
}

// checkFinite returns the first non-finite value among the loss and the
// gradients, or nil.
func (t *Trainer) checkFinite(loss float64) *NonFiniteError {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return &NonFiniteError{Epoch: t.epoch + 1, Step: t.step, Index: -1, Value: loss}
	}
	if allFinite(t.Flow.Grads) {
		return nil
	}
	for i, g := range t.Flow.Grads {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			return &NonFiniteError{Epoch: t.epoch + 1, Step: t.step, Index: i, Value: g}
		}
	}
	return nil
}

// rollback restores the last good parameters and optimiser state and halves
// the learning rate, or ends training after MaxRollback rollbacks.
func (t *Trainer) rollback(why *NonFiniteError) {
	t.rollbacks++
	t.restore(&t.good)
	t.avg = newAverage(t.Settings.Average, t.stepsPerEpoch, t.Flow.Params) // forget the iterates rolled back
	t.lrScale *= 0.5
	if t.rollbacks > t.Settings.MaxRollback {
		t.finish(ReasonNonFinite, why)
	}
}

func (t *Trainer) endEpoch() EpochStats {
	t.epoch++
	t.avg.swap(t.Flow.Params) // the test loss and the best epoch are the average's
	test := t.TestLoss()
	finite := !math.IsNaN(test) && !math.IsInf(test, 0)
	if finite && test < t.bestTest {
		t.bestTest = test
		if t.Settings.KeepBest {
			t.save(&t.best)
		}
	}
	t.avg.swap(t.Flow.Params)
	if !finite {
		t.rollback(&NonFiniteError{Epoch: t.epoch, Step: t.step, Index: -1, Value: test})
	} else {
		t.save(&t.good)
		t.lastGood = t.epoch
	}
	secs := time.Since(t.epochStart).Seconds()
	st := EpochStats{Epoch: t.epoch, Steps: t.step, TrainLoss: t.sumLoss / math.Max(1, float64(t.nLoss)),
		LastLoss: t.lastLoss, TestLoss: test, LR: t.lastLR, Seconds: time.Since(t.start).Seconds(),
		Rollbacks: t.rollbacks, Saturation: t.Flow.Saturation(), LastGoodEpoch: t.lastGood}
	if secs > 0 {
		st.SamplesPerSec = float64(t.epochRows) / secs
	}
	t.history = append(t.history, st)
	switch {
	case t.done:
	case t.epoch >= t.Settings.MaxEpochs:
		t.finish(ReasonMaxEpochs, nil)
	case t.Settings.Tol > 0 && !math.IsNaN(t.prevTest) && math.Abs(test-t.prevTest) < t.Settings.Tol*math.Abs(t.prevTest):
		t.finish(ReasonConverged, nil)
	}
	t.prevTest = test
	return st
}

// TestLoss returns the mean NLL of the flow on the test split (NaN if it is empty).
func (t *Trainer) TestLoss() float64 {
	if t.nTest == 0 {
		return math.NaN()
	}
	t.Flow.FlowLogProb(t.testLP, t.test, t.nTest)
	s := 0.0
	for _, v := range t.testLP[:t.nTest] {
		s -= v
	}
	return s / float64(t.nTest)
}

// Cancel ends training now with ReasonCancelled.
func (t *Trainer) Cancel() { t.finish(ReasonCancelled, ErrCancelled) }

func (t *Trainer) finish(reason string, err error) {
	if t.done {
		return
	}
	t.done, t.reason, t.err = true, reason, err
	switch {
	case reason == ReasonNonFinite:
	case t.Settings.KeepBest && t.best.params != nil:
		t.restore(&t.best)
	default:
		t.avg.swap(t.Flow.Params)
	}
}

func (t *Trainer) save(s *snapshot) {
	s.params = append(s.params[:0], t.Flow.Params...)
	t.opt.state(&s.adam)
}

func (t *Trainer) restore(s *snapshot) {
	copy(t.Flow.Params, s.params)
	t.opt.restore(&s.adam)
}

// Run steps until training ends or ctx is cancelled, calling onEpoch (if not
// nil) after every epoch. It returns Err.
func (t *Trainer) Run(ctx context.Context, onEpoch func(EpochStats)) error {
	for !t.done {
		if ctx.Err() != nil {
			t.Cancel()
			break
		}
		if st, ended := t.Step(); ended && onEpoch != nil {
			onEpoch(st)
		}
	}
	return t.err
}
