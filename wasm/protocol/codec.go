package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"flowlab/flow"
)

// ErrDecode reports a wire message that is not a valid message.
var ErrDecode = errors.New("protocol: cannot decode message")

// Wire is a message as it crosses postMessage: the kind, a JSON header and
// the bulk number arrays.
type Wire struct {
	Kind     Kind
	Header   []byte
	Payloads [][]float64
}

// kinds makes an empty message of each kind, for decoding.
var kinds = map[Kind]func() Message{
	KindInit: func() Message { return &Init{} }, KindStart: func() Message { return &Start{} },
	KindPause: func() Message { return &Pause{} }, KindResume: func() Message { return &Resume{} },
	KindStop: func() Message { return &Stop{} }, KindStepEpoch: func() Message { return &StepEpoch{} },
	KindScore: func() Message { return &Score{} }, KindEvaluate: func() Message { return &Evaluate{} },
	KindBaseline: func() Message { return &Baseline{} }, KindBench: func() Message { return &Bench{} },
	KindHelperInit: func() Message { return &HelperInit{} }, KindGradRequest: func() Message { return &GradRequest{} },
	KindGradResult: func() Message { return &GradResult{} }, KindReady: func() Message { return &Ready{} },
	KindProgress: func() Message { return &Progress{} }, KindEpoch: func() Message { return &Epoch{} },
	KindSnapshot: func() Message { return &Snapshot{} }, KindDone: func() Message { return &Done{} },
	KindScores: func() Message { return &Scores{} }, KindFailed: func() Message { return &Failed{} },
	KindBaselineScores: func() Message { return &BaselineScores{} }, KindBenchResult: func() Message { return &BenchResult{} },
}

// payloads is the one list of where each kind of message keeps its bulk
// number arrays, in wire order: pointers into *m. A model's Params travel
// as a payload too, never in the JSON header, and so do an ensemble's other
// members' (after the model's own, in member order: the header says how
// many members there are before Decode looks for their payloads; decoding
// them as JSON numbers on the page's thread, twice a second per class,
// stalled a busy page). Encode and Decode both read it.
func payloads(m any) []*[]float64 {
	switch v := m.(type) {
	case *Init:
		return []*[]float64{&v.Train, &v.Test}
	case *Score:
		return []*[]float64{&v.X}
	case *Evaluate:
		if v.Models[0] == nil || v.Models[1] == nil {
			return nil
		}
		return append(append(modelPayloads(v.Models[0]), modelPayloads(v.Models[1])...), &v.X)
	case *Scores:
		return []*[]float64{&v.LogProb}
	case *Baseline:
		return []*[]float64{&v.Train, &v.Labels, &v.Eval}
	case *BaselineScores:
		return []*[]float64{&v.T, &v.LogProb[0], &v.LogProb[1]}
	case *GradRequest:
		return []*[]float64{&v.Params, &v.X}
	case *GradResult:
		return []*[]float64{&v.Grads}
	case *Snapshot:
		if v.Model == nil {
			return nil
		}
		return modelPayloads(v.Model)
	}
	return nil
}

// modelPayloads is where m keeps its numbers: its Params, then each other
// member's.
func modelPayloads(m *flow.Model) []*[]float64 {
	out := []*[]float64{&m.Params}
	for _, mm := range m.Members {
		if mm != nil {
			out = append(out, &mm.Params)
		}
	}
	return out
}

// ownModels gives *m its own shallow copies of the models it points to, so
// Encode can take their Params out of the header without touching the
// caller's models.
func ownModels(m any) {
	own := func(p **flow.Model) {
		if *p != nil {
			c := **p
			c.Members = nil
			for _, mm := range (*p).Members {
				if mm != nil {
					cm := *mm
					mm = &cm
				}
				c.Members = append(c.Members, mm)
			}
			*p = &c
		}
	}
	switch v := m.(type) {
	case *Snapshot:
		own(&v.Model)
	case *Evaluate:
		own(&v.Models[0])
		own(&v.Models[1])
	}
}

// Encode turns m into its wire form. Payload slices are shared, not copied.
func Encode(m Message) (Wire, error) {
	p := reflect.New(reflect.TypeOf(m))
	p.Elem().Set(reflect.ValueOf(m))
	ptr := p.Interface()
	ownModels(ptr)
	var out [][]float64
	for _, s := range payloads(ptr) {
		out = append(out, *s)
		*s = nil
	}
	b, err := json.Marshal(ptr)
	if err != nil {
		return Wire{}, fmt.Errorf("protocol: encode %s: %w", m.Kind(), err)
	}
	return Wire{Kind: m.Kind(), Header: b, Payloads: out}, nil
}

// Decode rebuilds a message from its wire form, checking that the payloads
// have the sizes the header promises. Payload slices are shared, not copied.
func Decode(w Wire) (Message, error) {
	bad := func(f string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrDecode, w.Kind, fmt.Sprintf(f, a...))
	}
	mk, ok := kinds[w.Kind]
	if !ok {
		return nil, bad("unknown kind")
	}
	ptr := mk()
	if err := json.Unmarshal(w.Header, ptr); err != nil {
		return nil, bad("%v", err)
	}
	if err := needsModels(ptr); err != "" {
		return nil, bad("%s", err)
	}
	slots := payloads(ptr)
	if len(w.Payloads) < len(slots) {
		return nil, bad("payload %d is missing", len(w.Payloads))
	}
	for i, s := range slots {
		*s = w.Payloads[i]
	}
	if err := checkSizes(ptr); err != "" {
		return nil, bad("%s", err)
	}
	return reflect.ValueOf(ptr).Elem().Interface().(Message), nil
}

// needsModels says what is wrong when a message that carries models has none.
func needsModels(m any) string {
	switch v := m.(type) {
	case *Snapshot:
		if v.Model == nil {
			return "no model"
		}
	case *HelperInit:
		if v.Model == nil {
			return "no model"
		}
	case *Evaluate:
		if v.Models[0] == nil || v.Models[1] == nil {
			return "no models"
		}
	}
	return ""
}

// checkSizes says what is wrong when a decoded message's payloads do not
// have the sizes its header gives ("" when they do).
func checkSizes(m any) string {
	want := func(name string, got []float64, n int) string {
		if len(got) != n {
			return fmt.Sprintf("%s has %d values, want %d", name, len(got), n)
		}
		return ""
	}
	first := func(errs ...string) string {
		for _, e := range errs {
			if e != "" {
				return e
			}
		}
		return ""
	}
	switch v := m.(type) {
	case *Init:
		if v.NTrain < 0 || v.NTest < 0 || v.Config.Dim < 1 {
			return fmt.Sprintf("bad sizes: %d train, %d test rows of %d", v.NTrain, v.NTest, v.Config.Dim)
		}
		return first(want("the training rows", v.Train, v.NTrain*v.Config.Dim), want("the test rows", v.Test, v.NTest*v.Config.Dim))
	case *Evaluate:
		if v.N < 0 {
			return fmt.Sprintf("bad size: %d rows", v.N)
		}
		if v.N > 0 && len(v.X)%v.N != 0 {
			return fmt.Sprintf("%d values for %d rows", len(v.X), v.N)
		}
	case *Baseline:
		if v.Dim < 1 || v.NTrain < 0 || v.NEval < 0 {
			return fmt.Sprintf("bad sizes: %d train, %d eval rows of %d", v.NTrain, v.NEval, v.Dim)
		}
		return first(want("the training rows", v.Train, v.NTrain*v.Dim), want("the labels", v.Labels, v.NTrain), want("the evaluation rows", v.Eval, v.NEval*v.Dim))
	case *GradRequest:
		if v.N < 0 || (v.N > 0 && len(v.X)%v.N != 0) {
			return fmt.Sprintf("%d values for %d rows", len(v.X), v.N)
		}
	}
	return ""
}

// Stamp returns m with its Seq field set to seq. Every message struct has
// one, so senders can number messages in one place.
func Stamp(m Message, seq int) Message {
	v := reflect.New(reflect.TypeOf(m)).Elem()
	v.Set(reflect.ValueOf(m))
	v.FieldByName("Seq").SetInt(int64(seq))
	return v.Interface().(Message)
}
