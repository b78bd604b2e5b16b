// Package client is the UI side of the training workers: Session runs one
// experiment (a background flow and an RR Lyrae flow trained in parallel, one
// worker each), tracks their progress from protocol messages, and when both
// are done asks them to score the validation split and computes the metrics.
// Session is plain Go over the Conn interface; worker_js.go connects it to
// real Web Workers.
package client
