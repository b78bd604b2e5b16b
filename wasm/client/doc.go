// Package client is the UI side of the workers. Session trains one
// experiment (a background flow and an RR Lyrae flow in parallel, one worker
// each) and tracks it from the workers' messages; Evaluator scores any
// classifier — just trained, pretrained or imported — and fits the GMM Bayes
// baseline, always in workers, answering with typed results under the
// page's render lock. The UI passes messages through without looking
// inside (message.go gives it the few types it reads). Everything is plain
// Go over the Conn interface; worker_js.go connects it to real Web Workers.
package client
