package protocol

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"flowlab/flow"
)

// samples is one message of every kind (and a failed Scores).
func samples() []Message {
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3}
	return []Message{
		Init{Seq: 1, Class: 1, Config: cfg, Settings: flow.TrainSettings{BatchSize: 100, MaxEpochs: 3, Standardize: true},
			Seed: 42, Features: []string{"a", "b"}, NTrain: 2, NTest: 1, Train: []float64{1, 2, 3, 4}, Test: []float64{5, 6}},
		Start{Seq: 2}, Pause{Seq: 3}, Resume{Seq: 4}, Stop{Seq: 5}, StepEpoch{Seq: 6},
		Score{Seq: 7, ID: 9, N: 1, X: []float64{0.5, -0.25}},
		Ready{Seq: 8},
		Progress{Seq: 9, Class: 1, State: StateRunning, Epoch: 2, MaxEpochs: 5, Step: 30, StepsPerEpoch: 15, Loss: -1.5, LR: 1e-3, SamplesPerSec: 1234.5, Rollbacks: 1, Saturation: 0.01, Seconds: 2.5},
		Epoch{Seq: 10, Class: 0, Stats: flow.EpochStats{Epoch: 3, Steps: 45, TrainLoss: -1, TestLoss: -0.9, LR: 5e-4}},
		Snapshot{Seq: 11, Class: 0, Model: &flow.Model{Format: flow.ModelFormat, Config: cfg, Params: []float64{1, 2, 3}, Shift: []float64{0, 1}, Scale: []float64{1, 2}}},
		Done{Seq: 12, Class: 1, Reason: flow.ReasonMaxEpochs, Epochs: 5, Steps: 75, Seconds: 3.25},
		Scores{Seq: 13, Class: 1, ID: 9, LogProb: []float64{-3.5}},
		Failed{Seq: 14, Class: 0, Message: "boom"},
		Baseline{Seq: 15, ID: 2, Seed: 5, Dim: 2, NTrain: 2, NEval: 1, Train: []float64{1, 2, 3, 4}, Labels: []float64{0, 1}, Eval: []float64{0, 0}},
		BaselineScores{Seq: 16, ID: 2, T: []float64{1.5}},
		HelperInit{Seq: 17, Model: &flow.Model{Format: flow.ModelFormat, Config: cfg, Shift: []float64{1, 2}, Scale: []float64{3, 4}}},
		GradRequest{Seq: 18, Step: 4, N: 1, Scale: 0.01, Params: []float64{1, 2, 3}, X: []float64{0.5, 0.25}},
		GradResult{Seq: 19, Step: 4, Loss: 2.5, Grads: []float64{-1, 0, 1}},
		Bench{Seq: 20, Config: cfg, Batch: 1000, Steps: 5, Workers: 2, WarmupSeconds: 1.5, Paired: true, Block: 2},
		BenchResult{Seq: 21, Workers: 2, Batch: 1000, Steps: 5, WarmupSteps: 9, Seconds: 1.5, SamplesPerSec: 3333.3, SoloSamplesPerSec: 1800},
		Evaluate{Seq: 22, ID: 3, N: 1, X: []float64{0.5, 0.25}, Models: [2]*flow.Model{
			{Format: flow.ModelFormat, Config: cfg, Params: []float64{1, 2}}, {Format: flow.ModelFormat, Config: cfg, Params: []float64{3, 4, 5}}}},
		Scores{Seq: 23, Class: 0, ID: 3, Error: "dimension mismatch"},
	}
}

// TestRoundTrip encodes and decodes one message of every kind.
func TestRoundTrip(t *testing.T) {
	seen := map[Kind]bool{}
	for _, m := range samples() {
		w, err := Encode(m)
		if err != nil {
			t.Fatalf("%s: %v", m.Kind(), err)
		}
		got, err := Decode(w)
		if err != nil {
			t.Fatalf("%s: %v", m.Kind(), err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%s: round trip gave %+v, want %+v", m.Kind(), got, m)
		}
		if got.Sequence() != m.Sequence() {
			t.Errorf("%s: seq %d, want %d", m.Kind(), got.Sequence(), m.Sequence())
		}
		seen[m.Kind()] = true
	}
	if len(seen) != len(kinds) {
		t.Errorf("tested %d kinds, want all %d", len(seen), len(kinds))
	}
}

// TestSnapshotEncodeKeepsCaller checks that encoding a Snapshot does not
// strip the caller's model of its parameters.
func TestSnapshotEncodeKeepsCaller(t *testing.T) {
	m := &flow.Model{Format: flow.ModelFormat, Params: []float64{1, 2}}
	if _, err := Encode(Snapshot{Model: m}); err != nil {
		t.Fatal(err)
	}
	if len(m.Params) != 2 {
		t.Error("Encode cleared the caller's Params")
	}
	if _, err := Encode(Evaluate{Models: [2]*flow.Model{m, m}}); err != nil || len(m.Params) != 2 {
		t.Errorf("Encode of Evaluate: %v, the caller's model has %d params", err, len(m.Params))
	}
}

// TestDecodeErrors checks that malformed wire messages are refused with ErrDecode.
func TestDecodeErrors(t *testing.T) {
	cases := []Wire{
		{Kind: "nonsense", Header: []byte(`{}`)},
		{Kind: KindStart, Header: []byte(`{`)},
		{Kind: KindInit, Header: []byte(`{"config":{"dim":2},"n_train":2,"n_test":0}`), Payloads: [][]float64{{1, 2, 3}, {}}},
		{Kind: KindInit, Header: []byte(`{"config":{"dim":2},"n_train":1,"n_test":0}`), Payloads: [][]float64{{1, 2}}},
		{Kind: KindInit, Header: []byte(`{"config":{"dim":0},"n_train":1}`)},
		{Kind: KindScore, Header: []byte(`{"n":1}`)},
		{Kind: KindSnapshot, Header: []byte(`{}`), Payloads: [][]float64{{}}},
		{Kind: KindGradRequest, Header: []byte(`{"n":2}`), Payloads: [][]float64{{1}, {1, 2, 3}}},
		{Kind: KindHelperInit, Header: []byte(`{}`)},
		{Kind: KindEvaluate, Header: []byte(`{"n":1}`), Payloads: [][]float64{{}, {}, {1}}},
		{Kind: KindEvaluate, Header: []byte(`{"n":2,"models":[{},{}]}`), Payloads: [][]float64{{}, {}, {1, 2, 3}}},
		{Kind: KindEvaluate, Header: []byte(`{"n":1,"models":[{},{}]}`), Payloads: [][]float64{{}, {}}},
		{Kind: KindBaseline, Header: []byte(`{"dim":2,"n_train":1,"n_eval":0}`), Payloads: [][]float64{{1, 2}, {}, {}}},
	}
	for i, w := range cases {
		if _, err := Decode(w); !errors.Is(err, ErrDecode) {
			t.Errorf("case %d (%s): err = %v, want ErrDecode", i, w.Kind, err)
		}
	}
}

// TestStamp sets the sequence number of every kind of message.
func TestStamp(t *testing.T) {
	for i, m := range []Message{Start{}, Progress{Class: 1}, GradResult{Loss: 2}, Snapshot{}} {
		got := Stamp(m, 40+i)
		if got.Sequence() != 40+i || got.Kind() != m.Kind() {
			t.Errorf("Stamp(%T, %d) = %+v", m, 40+i, got)
		}
	}
	if p := Stamp(Progress{Class: 1, Loss: 3}, 7).(Progress); p.Class != 1 || p.Loss != 3 {
		t.Errorf("Stamp changed other fields: %+v", p)
	}
}

// TestEnsembleMembersTravelAsPayloads: an ensemble's other members' numbers
// go in payloads, not in the JSON header (whose decoding on the page's thread
// stalled a busy page), come back whole, and the caller's members keep theirs.
func TestEnsembleMembersTravelAsPayloads(t *testing.T) {
	cfg := flow.Config{Model: flow.ModelMADE, Dim: 2, Layers: 1, Hidden: 1, Units: 3}
	member := func(p ...float64) *flow.Model {
		return &flow.Model{Format: flow.ModelFormat, Config: cfg, Params: p, Shift: []float64{0, 1}, Scale: []float64{1, 2}}
	}
	m := member(1.25, 2.5, 3.75)
	m.Members = []*flow.Model{member(4.125, 5.5, 6.75), member(7.875, 8.25, 9.625)}
	for _, msg := range []Message{
		Snapshot{Seq: 1, Class: 1, Model: m},
		Evaluate{Seq: 2, ID: 3, N: 1, X: []float64{0.5, 0.25}, Models: [2]*flow.Model{m, member(1, 2, 3)}},
	} {
		w, err := Encode(msg)
		if err != nil {
			t.Fatal(err)
		}
		for _, digits := range []string{"4.125", "7.875"} {
			if strings.Contains(string(w.Header), digits) {
				t.Errorf("%s: a member's parameter %s is in the JSON header", msg.Kind(), digits)
			}
		}
		got, err := Decode(w)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, msg) {
			t.Errorf("%s: round trip gave %+v, want %+v", msg.Kind(), got, msg)
		}
	}
	for i, mm := range m.Members {
		if len(mm.Params) != 3 {
			t.Errorf("Encode cleared the caller's member %d", i+1)
		}
	}
}
