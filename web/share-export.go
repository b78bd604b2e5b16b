package main

import (
	"bytes"

	"flowlab/flow/experiment"
)

// ExportShown returns the shown classifier as JSON for the export button. A
// pretrained or imported classifier is written back exactly as it was read,
// with its own seed, preset, settings and training history (App.ExportPair
// rebuilds the models from the flows and stamps the page's current seed and
// preset, which loses the history and can mislabel the seed); a classifier
// trained in this page goes through App.ExportPair.
func (a *App) ExportShown() ([]byte, error) {
	if a.Pair == nil || a.Flows[0] == nil || a.Flows[1] == nil {
		return a.ExportPair()
	}
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, a.Pair); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
