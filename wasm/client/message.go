package client

import "flowlab/wasm/protocol"

// The UI passes worker messages on to a Session or an Evaluator without
// looking inside; what it reads of a run (progress, how a class ended,
// worker states) are these types, so no UI package speaks the wire format.
type (
	// Message is a worker's message, to pass to Session.Handle.
	Message = protocol.Message
	// Progress is a class worker's latest progress report.
	Progress = protocol.Progress
	// Done says how and when a class flow's training ended.
	Done = protocol.Done
)

// Worker states reported in Progress.State.
const (
	StateIdle    = protocol.StateIdle
	StateRunning = protocol.StateRunning
	StatePaused  = protocol.StatePaused
	StateDone    = protocol.StateDone
)

// ConnFactory starts the worker for one class; deliver receives its
// messages in order, on a goroutine.
type ConnFactory func(class int, deliver func(Message)) (Conn, error)

// Throttled reports whether m is a frequent report (progress, an epoch, a
// snapshot) that the UI may render a little later, with the next ones.
func Throttled(m Message) bool {
	switch m.Kind() {
	case protocol.KindProgress, protocol.KindEpoch, protocol.KindSnapshot:
		return true
	}
	return false
}
