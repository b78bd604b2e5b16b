// Command web is Flow Lab's user interface: vugu components compiled to
// WebAssembly (dist/app.wasm) and mounted into index.html's
// #vugu_mount_point. This package only mounts the page (main_js.go), shows
// the header, navigation, status line and the current view (Root,
// root.vugu), loads the bundled data and the pretrained flows, and publishes
// window.flowlab for end-to-end tests (hook.go).
//
// The rest lives in one package per concern:
//
//	app           the page's state and actions: URL-hash state, settings,
//	              data in use, training run, shown classifier, evaluation,
//	              the views' memories
//	dataview      1 · Data: choose, upload and explore the data
//	trainview     2 · Train: settings, run controls, live loss curves
//	inspectview   3 · Inspect: the flow layer by layer, the ledger
//	classifyview  4 · Classify: the statistic, cut, baselines, curves, export
//	browser       the one crossing into the browser: browser.Page (fetch,
//	              URL hash, files, clipboard, canvases, the inspector's
//	              stage, workers), its syscall/js implementation, a Fake
//	              for native tests, and Chart, every chart's canvas host
//	plot          the charts' figures
//	format        numbers and words for people
//	markup        attribute helpers the templates share
//
// Files ending in _js.go hold browser glue (build constraint js && wasm):
// only web/browser's implementation of browser.Page and the root's main
// (main_js.go, hook_js.go, bench_js.go; main_other.go is the one native
// stub). Views are plain Go against browser.Current, so every package
// builds, vets and tests natively against browser.Fake. The *_gen.go files are generated from the .vugu files by
// `go tool vugugen -skip-go-mod -skip-main DIR` (see generate.go);
// ./build.sh regenerates them in every directory and gofmt-formats them, and
// `./build.sh test` fails if the committed copies are stale.
package main
