package protocol

import "flowlab/flow"

// Kind names a message type on the wire.
type Kind string

// Message kinds. UI → worker: Init, Start, Pause, Resume, Stop, StepEpoch,
// Score, Evaluate, Baseline, Bench. Worker → UI: Ready, Progress, Epoch, Snapshot, Done,
// Scores, BaselineScores, BenchResult, Failed. Leader worker ↔ helper worker
// (data-parallel training): HelperInit, GradRequest → GradResult.
const (
	KindInit      Kind = "init"
	KindStart     Kind = "start"
	KindPause     Kind = "pause"
	KindResume    Kind = "resume"
	KindStop      Kind = "stop"
	KindStepEpoch Kind = "step-epoch"
	KindScore     Kind = "score"
	KindEvaluate  Kind = "evaluate"
	KindBaseline  Kind = "baseline"
	KindBench     Kind = "bench"

	KindHelperInit  Kind = "helper-init"
	KindGradRequest Kind = "grad-request"
	KindGradResult  Kind = "grad-result"

	KindReady          Kind = "ready"
	KindProgress       Kind = "progress"
	KindEpoch          Kind = "epoch"
	KindSnapshot       Kind = "snapshot"
	KindDone           Kind = "done"
	KindScores         Kind = "scores"
	KindFailed         Kind = "failed"
	KindBaselineScores Kind = "baseline-scores"
	KindBenchResult    Kind = "bench-result"
)

// Message is implemented by every message struct.
type Message interface {
	// Kind names the message type.
	Kind() Kind
	// Sequence returns the sender's sequence number.
	Sequence() int
}

// Init gives a worker its job: train one class flow on Train (NTrain rows)
// with test loss on Test (NTest rows), each row of Config.Dim values.
type Init struct {
	Seq      int                `json:"seq"`
	Class    int                `json:"class"`
	Config   flow.Config        `json:"config"`
	Settings flow.TrainSettings `json:"settings"`
	Seed     uint64             `json:"seed"`
	Features []string           `json:"features"`
	NTrain   int                `json:"n_train"`
	NTest    int                `json:"n_test"`
	// Workers is how many workers compute each batch's gradient: this one
	// plus Workers−1 helpers it starts (data-parallel training); ≤ 1 means
	// this worker alone.
	Workers int `json:"workers,omitempty"`
	// Member is the first ensemble member this worker trains: it trains
	// members Member … Settings.Members−1, one after the other, each with
	// its own streams (experiment.NewMemberTrainer), so a worker per
	// member (Member k, Settings.Members k+1) trains member k alone.
	Member int       `json:"member,omitempty"`
	Train  []float64 `json:"-"` // payload 0
	Test   []float64 `json:"-"` // payload 1
}

// HelperInit turns a worker into a gradient helper for a flow: Model has
// the architecture and standardisation (its Params are not sent; every
// GradRequest carries the current ones).
type HelperInit struct {
	Seq   int         `json:"seq"`
	Model *flow.Model `json:"model"`
}

// GradRequest asks a helper for the summed NLL of N rows of X under Params
// and scale·∂(Σ NLL)/∂θ, answered by GradResult with the same Step.
type GradRequest struct {
	Seq    int       `json:"seq"`
	Step   int       `json:"step"`
	N      int       `json:"n"`
	Scale  float64   `json:"scale"`
	Params []float64 `json:"-"` // payload 0
	X      []float64 `json:"-"` // payload 1
}

// GradResult answers GradRequest.
type GradResult struct {
	Seq   int       `json:"seq"`
	Step  int       `json:"step"`
	Loss  float64   `json:"loss"`
	Error string    `json:"error,omitempty"`
	Grads []float64 `json:"-"` // payload 0
}

// Bench asks a worker to time Steps training steps of a flow with Config on
// a random batch of Batch rows, using Workers workers in total (this one plus
// helpers it starts). Untimed warm-up steps run first, at least one and for
// at least WarmupSeconds: a fresh worker runs V8's baseline wasm code until
// the optimising compiler, in the background, has replaced the hot functions,
// so the first seconds are not the steady state. With Paired (and Workers >
// 1) it times Steps steps with this worker alone (its helpers idle) as well,
// in alternating blocks of Block steps (0: Steps/8), so that both rates see
// the same moments of a machine whose speed drifts. It answers BenchResult.
type Bench struct {
	Seq           int         `json:"seq"`
	Config        flow.Config `json:"config"`
	Batch         int         `json:"batch"`
	Steps         int         `json:"steps"`
	Workers       int         `json:"workers"`
	WarmupSeconds float64     `json:"warmup_s,omitempty"`
	Paired        bool        `json:"paired,omitempty"`
	Block         int         `json:"block,omitempty"`
}

// BenchResult answers Bench.
type BenchResult struct {
	Seq           int     `json:"seq"`
	Workers       int     `json:"workers"`
	Batch         int     `json:"batch"`
	Steps         int     `json:"steps"`
	WarmupSteps   int     `json:"warmup_steps"`
	Seconds       float64 `json:"seconds"`
	SamplesPerSec float64 `json:"samples_per_s"`
	// SoloSamplesPerSec is the one-worker rate of a paired run.
	SoloSamplesPerSec float64 `json:"solo_samples_per_s,omitempty"`
	// BlockRatios are, in a paired run, the N-worker/1-worker speed ratio of
	// every pair of adjacent blocks (same number of steps each).
	BlockRatios []float64 `json:"block_ratios,omitempty"`
	// Accelerators are the engine's accelerators running in the worker
	// (flow.Accelerators).
	Accelerators []string `json:"accelerators,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// Start begins training after Init.
type Start struct {
	Seq int `json:"seq"`
}

// Pause suspends training after the current step.
type Pause struct {
	Seq int `json:"seq"`
}

// Resume continues paused training.
type Resume struct {
	Seq int `json:"seq"`
}

// Stop ends training; the worker answers with a Snapshot and Done.
type Stop struct {
	Seq int `json:"seq"`
}

// StepEpoch trains until the end of the current epoch, then pauses.
type StepEpoch struct {
	Seq int `json:"seq"`
}

// Score asks for ln p(x) of N rows of X under the worker's current flow; the
// worker answers with Scores carrying the same ID.
type Score struct {
	Seq int       `json:"seq"`
	ID  int       `json:"id"`
	N   int       `json:"n"`
	X   []float64 `json:"-"` // payload 0
}

// Evaluate asks a worker to score N rows of X under both class flows of a
// classifier (trained elsewhere: pretrained, imported or just trained), with
// no Init needed. Models travel without their Params in the header; the
// Params are payloads 0 and 1, X is payload 2. The worker answers with one
// Scores per class carrying ID.
type Evaluate struct {
	Seq    int            `json:"seq"`
	ID     int            `json:"id"`
	Models [2]*flow.Model `json:"models"`
	N      int            `json:"n"`
	X      []float64      `json:"-"` // payload 2
}

// Baseline asks the worker to fit the GMM Bayes baseline (astroML's
// 3-component Gaussian mixture per class) on NTrain labelled rows and return
// its statistic t on NEval rows, as BaselineScores with the same ID.
type Baseline struct {
	Seq    int       `json:"seq"`
	ID     int       `json:"id"`
	Seed   uint64    `json:"seed"`
	Dim    int       `json:"dim"`
	NTrain int       `json:"n_train"`
	NEval  int       `json:"n_eval"`
	Train  []float64 `json:"-"` // payload 0
	Labels []float64 `json:"-"` // payload 1: 0 or 1 per training row
	Eval   []float64 `json:"-"` // payload 2
}

// BaselineScores answers Baseline: t = ln p0 − ln p1 under the GMMs for each
// evaluation row and the two class log-densities it is made of, or an error
// message.
type BaselineScores struct {
	Seq     int          `json:"seq"`
	ID      int          `json:"id"`
	Error   string       `json:"error,omitempty"`
	T       []float64    `json:"-"` // payload 0
	LogProb [2][]float64 `json:"-"` // payloads 1 and 2: ln p(x|background), ln p(x|RR Lyrae)
}

// Ready is the worker's first message: its wasm is running and listening.
type Ready struct {
	Seq int `json:"seq"`
}

// Progress reports training state, at most a few times a second.
type Progress struct {
	Seq           int     `json:"seq"`
	Class         int     `json:"class"`
	State         string  `json:"state"` // StateRunning, StatePaused or StateDone
	Epoch         int     `json:"epoch"` // finished epochs
	MaxEpochs     int     `json:"max_epochs"`
	Step          int     `json:"step"` // optimiser steps taken
	StepsPerEpoch int     `json:"steps_per_epoch"`
	Loss          float64 `json:"loss"` // last batch's mean NLL
	LR            float64 `json:"lr"`
	SamplesPerSec float64 `json:"samples_per_s"`
	Rollbacks     int     `json:"rollbacks"`
	Saturation    float64 `json:"saturation"`
	Seconds       float64 `json:"seconds"` // training time so far (paused time excluded)
	Workers       int     `json:"workers"` // workers computing each batch (1 without data-parallel helpers)
	// Members is how many of the class's flows are training at once, each
	// in a worker of its own (client.StartMembers; Workers then counts
	// those workers); 0 when one worker trains them one after the other.
	Members int `json:"members,omitempty"`
}

// Worker states reported in Progress.
const (
	StateIdle    = "idle"
	StateRunning = "running"
	StatePaused  = "paused"
	StateDone    = "done"
)

// Epoch reports one finished epoch.
type Epoch struct {
	Seq   int             `json:"seq"`
	Class int             `json:"class"`
	Stats flow.EpochStats `json:"stats"`
}

// Snapshot carries the flow's current parameters: the model without its
// Params in the header, and Params as payload 0.
type Snapshot struct {
	Seq   int         `json:"seq"`
	Class int         `json:"class"`
	Model *flow.Model `json:"model"`
}

// Done reports that training ended, and why.
type Done struct {
	Seq     int     `json:"seq"`
	Class   int     `json:"class"`
	Reason  string  `json:"reason"` // one of flow's Reason constants
	Error   string  `json:"error,omitempty"`
	Epochs  int     `json:"epochs"`
	Steps   int     `json:"steps"`
	Seconds float64 `json:"seconds"`
}

// Scores answers Score and Evaluate: ln p(x) for each row, or why the
// flow could not score them.
type Scores struct {
	Seq     int       `json:"seq"`
	Class   int       `json:"class"`
	ID      int       `json:"id"`
	Error   string    `json:"error,omitempty"`
	LogProb []float64 `json:"-"` // payload 0
}

// Failed reports an error that stopped the worker from doing what was asked.
type Failed struct {
	Seq     int    `json:"seq"`
	Class   int    `json:"class"`
	Message string `json:"message"`
}

// Kind implements Message.
func (Init) Kind() Kind { return KindInit }

// Kind implements Message.
func (Start) Kind() Kind { return KindStart }

// Kind implements Message.
func (Pause) Kind() Kind { return KindPause }

// Kind implements Message.
func (Resume) Kind() Kind { return KindResume }

// Kind implements Message.
func (Stop) Kind() Kind { return KindStop }

// Kind implements Message.
func (StepEpoch) Kind() Kind { return KindStepEpoch }

// Kind implements Message.
func (Score) Kind() Kind { return KindScore }

// Kind implements Message.
func (Evaluate) Kind() Kind { return KindEvaluate }

// Kind implements Message.
func (Baseline) Kind() Kind { return KindBaseline }

// Kind implements Message.
func (BaselineScores) Kind() Kind { return KindBaselineScores }

// Kind implements Message.
func (Ready) Kind() Kind { return KindReady }

// Kind implements Message.
func (Progress) Kind() Kind { return KindProgress }

// Kind implements Message.
func (Epoch) Kind() Kind { return KindEpoch }

// Kind implements Message.
func (Snapshot) Kind() Kind { return KindSnapshot }

// Kind implements Message.
func (Done) Kind() Kind { return KindDone }

// Kind implements Message.
func (Scores) Kind() Kind { return KindScores }

// Kind implements Message.
func (Failed) Kind() Kind { return KindFailed }

// Sequence implements Message.
func (m Init) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Evaluate) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Start) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Pause) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Resume) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Stop) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m StepEpoch) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Score) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Baseline) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m BaselineScores) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Ready) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Progress) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Epoch) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Snapshot) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Done) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Scores) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Failed) Sequence() int { return m.Seq }

// Kind implements Message.
func (HelperInit) Kind() Kind { return KindHelperInit }

// Kind implements Message.
func (GradRequest) Kind() Kind { return KindGradRequest }

// Kind implements Message.
func (GradResult) Kind() Kind { return KindGradResult }

// Kind implements Message.
func (Bench) Kind() Kind { return KindBench }

// Kind implements Message.
func (BenchResult) Kind() Kind { return KindBenchResult }

// Sequence implements Message.
func (m HelperInit) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m GradRequest) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m GradResult) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m Bench) Sequence() int { return m.Seq }

// Sequence implements Message.
func (m BenchResult) Sequence() int { return m.Seq }
