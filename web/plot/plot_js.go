//go:build js && wasm

package plot

import (
	"syscall/js"

	"flowlab/wasm/jsbuf"
)

// Draw renders f on the canvas element with one call to
// window.flowlabPlot.draw (assets/plot.js). It returns Encode's error.
func Draw(canvas js.Value, f Figure) error {
	spec, arrays, err := Encode(f)
	if err != nil {
		return err
	}
	vals := make([]any, len(arrays))
	for i, a := range arrays {
		vals[i] = jsbuf.Float64ArrayOf(a)
	}
	js.Global().Get("flowlabPlot").Call("draw", canvas, string(spec), js.ValueOf(vals))
	return nil
}
