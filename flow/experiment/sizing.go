package experiment

import "flowlab/flow"

// MinQuickSteps is the fewest optimiser steps the Quick preset gives each
// class flow. Its epoch counts are sized for the RR Lyrae data (3 epochs of
// 74,126 background stars in batches of 500 are 447 steps); on a small
// table, such as a 2-D teaching set of 1,600 training rows a class, the same
// 3 epochs would be 12 steps and leave the flow a Gaussian blob. The bundled
// data already gets at least this many steps on both splits, so its runs do
// not change.
const MinQuickSteps = 350

// SizedFor returns setup with the Quick preset's epoch counts raised, where
// needed, so that each class flow takes at least MinQuickSteps steps on the
// training rows of split. The paper's Table II is returned as it is.
//
// Settings edited away from the Quick preset (the page's custom settings,
// say more layers or an ensemble) are sized too, class by class: a class
// whose epochs and batch size are still the Quick preset's gets the sized
// epochs, and a class whose epochs or batch size differ (the visitor or a
// link set them) keeps what was set.
func SizedFor(setup Setup, split Split) Setup {
	if setup.Preset == PresetPaper {
		return setup
	}
	preset, err := Preset(PresetQuick, setup.Config.Model, setup.Config.Dim)
	if err != nil {
		return setup
	}
	rows := [2]int{}
	rows[0], rows[1] = split.Train.Counts()
	for c := range 2 {
		st, def := &setup.Settings[c], preset.Settings[c]
		if st.MaxEpochs == def.MaxEpochs && st.BatchSize == def.BatchSize {
			st.MaxEpochs = QuickEpochs(*st, rows[c])
		}
	}
	return setup
}

// QuickEpochs is the number of epochs s trains on rows training rows when
// sized to take at least MinQuickSteps steps (never fewer than s.MaxEpochs).
func QuickEpochs(s flow.TrainSettings, rows int) int {
	if rows <= 0 || s.BatchSize <= 0 {
		return s.MaxEpochs
	}
	perEpoch := (rows + s.BatchSize - 1) / s.BatchSize
	need := (MinQuickSteps + perEpoch - 1) / perEpoch
	return max(s.MaxEpochs, need)
}
