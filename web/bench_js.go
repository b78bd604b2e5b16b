//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"flowlab/wasm/client"
	"flowlab/wasm/protocol"
	"flowlab/web/browser"
)

// installBench defines window.flowlabBench(specJSON) → Promise<resultJSON>,
// which times training steps in a fresh Web Worker (plus its helpers) with
// the same protocol and code as training. The benchmark script
// (e2e/bench.mjs, run by ./build.sh bench) calls it.
func installBench() {
	js.Global().Set("flowlabBench", js.FuncOf(func(this js.Value, args []js.Value) any {
		spec := args[0].String()
		return js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, p []js.Value) any {
			resolve, reject := p[0], p[1]
			go func() {
				out, err := runBench(spec)
				if err != nil {
					reject.Invoke(js.Global().Get("Error").New(err.Error()))
					return
				}
				resolve.Invoke(out)
			}()
			return nil
		}))
	}))
}

// runBench starts a worker, sends the Bench request and waits for its result.
func runBench(specJSON string) (string, error) {
	var spec BenchSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		return "", err
	}
	req, err := benchRequest(spec)
	if err != nil {
		return "", err
	}
	results := make(chan protocol.Message, 4)
	w, err := client.StartWorker(browser.WorkerScript, func(m protocol.Message) {
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
