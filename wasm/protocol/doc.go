// Package protocol is the one message protocol between Flow Lab's UI and its
// training workers, used by both sides. It is plain Go (no syscall/js), so it
// is tested natively.
//
// Every message is a Go struct with a Kind and a sequence number Seq (the
// sender's counter, so the receiver can keep order and match replies). On the
// wire a message is a Wire: its Kind, a JSON header with the struct's scalar
// fields, and bulk numbers as separate []float64 payloads, which the browser
// glue (package jsbuf) moves as transferable Float64Array buffers rather than
// JSON number lists.
package protocol
