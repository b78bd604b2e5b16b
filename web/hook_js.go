//go:build js && wasm

package main

import "syscall/js"

// publishState sets window.flowlab to s (see pageState.jsObject).
func publishState(s pageState) {
	js.Global().Set("flowlab", s.jsObject())
}

// bootDone tells index.html's loader (window.flowlabBoot, from
// assets/boot.js) that the UI has rendered, so it hides the loading screen.
func bootDone() {
	if boot := js.Global().Get("flowlabBoot"); boot.Truthy() {
		boot.Call("done")
	}
}

// bootFail shows msg on the loading screen and logs it as a console error.
func bootFail(msg string) {
	if boot := js.Global().Get("flowlabBoot"); boot.Truthy() {
		boot.Call("fail", msg)
		return
	}
	js.Global().Get("console").Call("error", msg)
}

// installUnloadPrompt makes the browser ask before the page is closed or
// reloaded while a training run is in progress (window.flowlab.phase is
// "training"), since a reload loses the run.
func installUnloadPrompt() {
	js.Global().Call("addEventListener", "beforeunload", js.FuncOf(func(_ js.Value, args []js.Value) any {
		st := js.Global().Get("flowlab")
		if st.Truthy() && st.Get("phase").String() == "training" && len(args) > 0 {
			args[0].Call("preventDefault")
			args[0].Set("returnValue", "")
		}
		return nil
	}))
}
