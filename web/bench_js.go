//go:build js && wasm

package main

import (
	"syscall/js"

	"flowlab/wasm/client"
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
				out, err := client.RunBench(startWorker, spec)
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

// startWorker starts a training worker for the benchmark.
func startWorker(deliver func(client.Message)) (client.Conn, error) {
	return client.StartWorker(browser.WorkerScript, deliver)
}
