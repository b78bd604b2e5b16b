package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// Encode turns m into its wire form. Payload slices are shared, not copied.
func Encode(m Message) (Wire, error) {
	var payloads [][]float64
	var hdr any = m
	switch v := m.(type) {
	case Init:
		payloads = [][]float64{v.Train, v.Test}
	case Score:
		payloads = [][]float64{v.X}
	case Scores:
		payloads = [][]float64{v.LogProb}
	case Baseline:
		payloads = [][]float64{v.Train, v.Labels, v.Eval}
	case BaselineScores:
		payloads = [][]float64{v.T}
	case GradRequest:
		payloads = [][]float64{v.Params, v.X}
	case GradResult:
		payloads = [][]float64{v.Grads}
	case Snapshot:
		if v.Model != nil {
			mm := *v.Model
			payloads = [][]float64{mm.Params}
			mm.Params = nil
			v.Model = &mm
			hdr = v
		}
	}
	b, err := json.Marshal(hdr)
	if err != nil {
		return Wire{}, fmt.Errorf("protocol: encode %s: %w", m.Kind(), err)
	}
	return Wire{Kind: m.Kind(), Header: b, Payloads: payloads}, nil
}

// Decode turns a wire message back into its struct, checking that the
// payloads it needs are present and have the sizes the header announces.
func Decode(w Wire) (Message, error) {
	bad := func(f string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrDecode, w.Kind, fmt.Sprintf(f, a...))
	}
	payload := func(i, want int) ([]float64, error) {
		if i >= len(w.Payloads) {
			return nil, bad("payload %d is missing", i)
		}
		if want >= 0 && len(w.Payloads[i]) != want {
			return nil, bad("payload %d has %d values, want %d", i, len(w.Payloads[i]), want)
		}
		return w.Payloads[i], nil
	}
	unmarshal := func(v any) error {
		if err := json.Unmarshal(w.Header, v); err != nil {
			return bad("%v", err)
		}
		return nil
	}
	var err error
	switch w.Kind {
	case KindInit:
		var m Init
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.NTrain < 0 || m.NTest < 0 || m.Config.Dim < 1 {
			return nil, bad("bad sizes: %d train, %d test rows of %d", m.NTrain, m.NTest, m.Config.Dim)
		}
		if m.Train, err = payload(0, m.NTrain*m.Config.Dim); err != nil {
			return nil, err
		}
		if m.Test, err = payload(1, m.NTest*m.Config.Dim); err != nil {
			return nil, err
		}
		return m, nil
	case KindScore:
		var m Score
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.X, err = payload(0, -1); err != nil {
			return nil, err
		}
		return m, nil
	case KindScores:
		var m Scores
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.LogProb, err = payload(0, -1); err != nil {
			return nil, err
		}
		return m, nil
	case KindBaseline:
		var m Baseline
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.Dim < 1 || m.NTrain < 0 || m.NEval < 0 {
			return nil, bad("bad sizes: %d train, %d eval rows of %d", m.NTrain, m.NEval, m.Dim)
		}
		if m.Train, err = payload(0, m.NTrain*m.Dim); err != nil {
			return nil, err
		}
		if m.Labels, err = payload(1, m.NTrain); err != nil {
			return nil, err
		}
		if m.Eval, err = payload(2, m.NEval*m.Dim); err != nil {
			return nil, err
		}
		return m, nil
	case KindBaselineScores:
		var m BaselineScores
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.T, err = payload(0, -1); err != nil {
			return nil, err
		}
		return m, nil
	case KindGradRequest:
		var m GradRequest
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.Params, err = payload(0, -1); err != nil {
			return nil, err
		}
		if m.X, err = payload(1, -1); err != nil {
			return nil, err
		}
		if m.N < 0 || (m.N > 0 && len(m.X)%m.N != 0) {
			return nil, bad("%d values for %d rows", len(m.X), m.N)
		}
		return m, nil
	case KindGradResult:
		var m GradResult
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.Grads, err = payload(0, -1); err != nil {
			return nil, err
		}
		return m, nil
	case KindHelperInit:
		var m HelperInit
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.Model == nil {
			return nil, bad("no model")
		}
		return m, nil
	case KindSnapshot:
		var m Snapshot
		if err = unmarshal(&m); err != nil {
			return nil, err
		}
		if m.Model == nil {
			return nil, bad("no model")
		}
		if m.Model.Params, err = payload(0, -1); err != nil {
			return nil, err
		}
		return m, nil
	}
	var m Message
	switch w.Kind {
	case KindStart:
		m, err = decodeInto[Start](w.Header)
	case KindPause:
		m, err = decodeInto[Pause](w.Header)
	case KindResume:
		m, err = decodeInto[Resume](w.Header)
	case KindStop:
		m, err = decodeInto[Stop](w.Header)
	case KindStepEpoch:
		m, err = decodeInto[StepEpoch](w.Header)
	case KindReady:
		m, err = decodeInto[Ready](w.Header)
	case KindProgress:
		m, err = decodeInto[Progress](w.Header)
	case KindEpoch:
		m, err = decodeInto[Epoch](w.Header)
	case KindDone:
		m, err = decodeInto[Done](w.Header)
	case KindFailed:
		m, err = decodeInto[Failed](w.Header)
	case KindBench:
		m, err = decodeInto[Bench](w.Header)
	case KindBenchResult:
		m, err = decodeInto[BenchResult](w.Header)
	default:
		return nil, bad("unknown kind")
	}
	if err != nil {
		return nil, bad("%v", err)
	}
	return m, nil
}

// decodeInto unmarshals a header into a fresh T.
func decodeInto[T Message](b []byte) (Message, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Stamp returns m with its Seq field set to seq. Every message struct has
// one, so senders can number messages in one place.
func Stamp(m Message, seq int) Message {
	v := reflect.New(reflect.TypeOf(m)).Elem()
	v.Set(reflect.ValueOf(m))
	v.FieldByName("Seq").SetInt(int64(seq))
	return v.Interface().(Message)
}
