package app_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"flowlab/flow/experiment"
	. "flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// exportedJSON is the adopted app's classifier as the page exports it, as
// a generic JSON object to tamper with.
func exportedJSON(t *testing.T, a *App) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := experiment.WritePair(&buf, a.Shown.Pair); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestImportHostileModels imports the model files (item 4 and 3):
// a config sized to exhaust memory with empty parameters, and a parameter of
// 1e308. Neither stops the program; the oversized one is refused saying
// why, with the shown classifier kept; the huge parameter is refused or
// scored with its non-finite scores as data.
func TestImportHostileModels(t *testing.T) {
	a := webtest.AdoptedApp(t)
	kept := a.Shown.Label

	huge := exportedJSON(t, a)
	for _, cls := range []string{"background", "rrlyrae"} {
		m := huge[cls].(map[string]any)
		cfg := m["config"].(map[string]any)
		cfg["layers"], cfg["hidden"], cfg["units"], cfg["dim"] = 64, 16, 4096, 64
		m["params"] = []any{}
	}
	b, _ := json.Marshal(huge)
	if err := a.ImportPair(b, "huge.json"); err == nil {
		t.Fatal("the oversized model was imported")
	}
	if a.Shown.Label != kept || !strings.Contains(a.Err, "huge.json is not a usable Flow Lab model") {
		t.Errorf("after the oversized model: label %q, error %q", a.Shown.Label, a.Err)
	}

	big := exportedJSON(t, a)
	params := big["background"].(map[string]any)["params"].([]any)
	params[0] = 1e308
	b, _ = json.Marshal(big)
	if err := a.ImportPair(b, "big.json"); err != nil {
		t.Logf("refused: %v", err)
		if a.Shown.Label != kept || !strings.Contains(a.Err, "big.json") {
			t.Errorf("refused, but label %q, error %q", a.Shown.Label, a.Err)
		}
		return
	}
	if a.Shown.Eval == nil || len(a.Shown.Eval.T) == 0 {
		t.Errorf("imported but not scored: error %q", a.Err)
	}
}
