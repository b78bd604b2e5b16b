// Package driver runs one class flow's training inside a worker: it builds
// the flow from an Init message, trains it step by step, yields so that Pause
// and Stop arrive promptly, and reports progress, epochs, snapshots and
// scores as protocol messages. It is plain Go, so it is tested natively and
// also serves as an in-process worker in the client's tests.
package driver
