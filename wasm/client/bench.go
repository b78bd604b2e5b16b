package client

import (
	"encoding/json"
	"fmt"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// BenchSpec is what the benchmark script asks the page to time: one of the
// workloads in BenchWorkloads, a batch size, a number of timed steps and the
// number of workers per batch.
type BenchSpec struct {
	Workload string `json:"workload"`
	Batch    int    `json:"batch"`
	Steps    int    `json:"steps"`
	Workers  int    `json:"workers"`
	// WarmupSeconds is how long untimed steps run first (protocol.Bench).
	WarmupSeconds float64 `json:"warmup_s"`
	// Paired also times one worker, in blocks alternating with all of them.
	Paired bool `json:"paired"`
}

// BenchWorkloads are the architectures the benchmark times, for the 4 RR
// Lyrae features: the paper's two (Table II) and the quick preset's.
var BenchWorkloads = []string{"paper-realnvp", "paper-made", "quick-realnvp"}

// benchRequest turns a spec into the worker's Bench message.
func benchRequest(s BenchSpec) (protocol.Bench, error) {
	var cfg flow.Config
	switch s.Workload {
	case "paper-realnvp":
		cfg = flow.PaperRealNVP(4)
	case "paper-made":
		cfg = flow.PaperMADE(4)
	case "quick-realnvp":
		setup, err := experiment.Preset(experiment.PresetQuick, flow.ModelRealNVP, 4)
		if err != nil {
			return protocol.Bench{}, err
		}
		cfg = setup.Config
	default:
		return protocol.Bench{}, fmt.Errorf("bench: workload %q is not one of %v", s.Workload, BenchWorkloads)
	}
	if s.Batch < 1 || s.Steps < 1 || s.Workers < 1 || s.Workers > 64 || s.WarmupSeconds < 0 || s.WarmupSeconds > 600 {
		return protocol.Bench{}, fmt.Errorf("bench: batch %d, steps %d, workers %d, warm-up %g s out of range", s.Batch, s.Steps, s.Workers, s.WarmupSeconds)
	}
	return protocol.Bench{Config: cfg, Batch: s.Batch, Steps: s.Steps, Workers: s.Workers, WarmupSeconds: s.WarmupSeconds, Paired: s.Paired}, nil
}

// RunBench times training steps as the spec (JSON) asks, in a fresh worker
// started by start (plus the helpers it starts), with the same protocol
// and code as training, and returns the worker's result as JSON. It blocks
// until the worker answers.
func RunBench(start StartFunc, specJSON string) (string, error) {
	var spec BenchSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		return "", err
	}
	req, err := benchRequest(spec)
	if err != nil {
		return "", err
	}
	results := make(chan protocol.Message, 4)
	w, err := start(func(m protocol.Message) {
		switch m.(type) {
		case protocol.BenchResult, protocol.Failed:
			results <- m
		}
	})
	if err != nil {
		return "", err
	}
	defer w.Close()
	if err := w.Send(req); err != nil {
		return "", err
	}
	m := <-results
	b, err := json.Marshal(m)
	return string(b), err
}
