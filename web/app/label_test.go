package app

import (
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
)

// TestSetupLabel: the shown classifier's label names the preset, or custom
// settings, and an ensemble's size.
func TestSetupLabel(t *testing.T) {
	quick, err := experiment.Preset(experiment.PresetQuick, flow.ModelMADE, 2)
	if err != nil {
		t.Fatal(err)
	}
	quick.Settings[0].Members, quick.Settings[1].Members = 1, 1
	custom := quick
	custom.Preset = PresetCustom
	ensemble := custom
	ensemble.Settings[0].Members, ensemble.Settings[1].Members = 3, 3
	for _, tc := range []struct {
		setup experiment.Setup
		want  string
	}{
		{quick, "quick preset"},
		{custom, "custom settings"},
		{ensemble, "custom settings (3 flows per class)"},
	} {
		if got := setupLabel(tc.setup); got != tc.want {
			t.Errorf("setupLabel(%s, members %d) = %q, want %q", tc.setup.Preset, tc.setup.Settings[0].Members, got, tc.want)
		}
	}
}
