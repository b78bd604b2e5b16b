package app

import (
	"flowlab/flow"
	"flowlab/flow/experiment"
)

// Classifier is the one record of the classifier the page shows —
// pretrained, imported or trained in this page: its two class flows, their
// saved form, how the page names it, and its evaluation on the validation
// split, and their training history. Views read it; only the app's actions change it.
type Classifier struct {
	Flows [2]*flow.Flow // background and RR Lyrae flows; nil before any
	// Pair is the saved form as read (pretrained or imported), with its seed,
	// preset, settings and training history; nil for flows trained in this
	// page, whose saved form is the run's final snapshots (App.Session).
	Pair *experiment.Pair
	// Saved is what exporting writes: Pair as it was read, or for flows
	// trained in this page the run's final snapshots with its own seed and
	// preset (nil when the run kept none).
	Saved *experiment.Pair
	// History is each class flow's training history, epoch by epoch: the
	// saved one of a pretrained or imported pair, the run's for flows
	// trained in this page (empty when none was kept).
	History [2][]flow.EpochStats
	// Label says where the flows came from, e.g. "pretrained: quick Real NVP…".
	Label string
	// Eval is the flows scored on the validation split; nil while Scoring.
	Eval *Evaluation
	// Scoring says what is being scored while Eval waits ("" if nothing).
	Scoring string
}

// Origin says where the shown flows came from: OriginNone, OriginTrained
// (in this page), or OriginSaved (pretrained or imported: Pair is set).
func (c Classifier) Origin() string {
	switch {
	case c.Flows[0] == nil:
		return OriginNone
	case c.Pair == nil:
		return OriginTrained
	}
	return OriginSaved
}

// Origins of a Classifier.
const (
	OriginNone    = ""
	OriginTrained = "trained"
	OriginSaved   = "saved"
)
