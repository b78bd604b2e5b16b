package flow

import (
	"errors"
	"fmt"
)

// Sentinel errors returned by the engine. Match them with errors.Is.
var (
	// ErrConfig reports an invalid model or training configuration.
	ErrConfig = errors.New("flow: invalid configuration")
	// ErrDim reports data whose width does not match the flow.
	ErrDim = errors.New("flow: data dimension does not match the flow")
	// ErrNoData reports an empty training set.
	ErrNoData = errors.New("flow: no training data")
	// ErrCancelled reports that training was stopped through its context.
	ErrCancelled = errors.New("flow: training cancelled")
	// ErrModel reports a serialised model that cannot be decoded.
	ErrModel = errors.New("flow: invalid model file")
)

// NonFiniteError reports a NaN or ±Inf met during training: in the loss when
// Layer is -1, else in the gradient of parameter Index. The update that
// produced it was never applied.
type NonFiniteError struct {
	Epoch int     // 1-based epoch in which it happened
	Step  int     // optimiser step (0-based) in which it happened
	Index int     // parameter index, or -1 for the loss itself
	Value float64 // the offending value
}

// Error implements error.
func (e *NonFiniteError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("flow: non-finite loss %v at epoch %d, step %d", e.Value, e.Epoch, e.Step)
	}
	return fmt.Sprintf("flow: non-finite gradient %v for parameter %d at epoch %d, step %d", e.Value, e.Index, e.Epoch, e.Step)
}

// Panic messages shared by the kernels and layers (programmer errors).
const (
	badLength = "flow: slice length mismatch"
	badBatch  = "flow: batch larger than workspace"
)
