package app

import (
	"flowlab/flow"
	"flowlab/wasm/client"
)

// Live flows: while a run trains, its workers post a snapshot of each class
// flow's parameters at the end of an epoch, at most every 500 ms (see
// wasm/driver). The inspector follows the training flows through them.

// liveMemo is the flows built from the run's latest snapshots.
type liveMemo struct {
	session *client.Session
	models  [2]*flow.Model
	flows   [2]*flow.Flow
}

// LiveFlows returns the flows of the run in progress at their latest
// snapshots, once both classes have sent one and when the run learns the
// data in use; ok is false otherwise. The same snapshots give the same
// flows (pointers), so a view can key its work on them.
func (a *App) LiveFlows() (flows [2]*flow.Flow, ok bool) {
	s := a.Session
	if !a.Training() || a.Data == nil || !sameNames(s.Features, a.Data.Names) ||
		s.Class[0].Model == nil || s.Class[1].Model == nil {
		return flows, false
	}
	m := Memo(a, func() *liveMemo { return &liveMemo{} })
	if m.session == s && m.models[0] == s.Class[0].Model && m.models[1] == s.Class[1].Model {
		return m.flows, true
	}
	for c := range 2 {
		if m.session == s && m.models[c] == s.Class[c].Model {
			flows[c] = m.flows[c]
			continue
		}
		f, err := s.Class[c].Model.Flow()
		if err != nil {
			return flows, false
		}
		flows[c] = f
	}
	m.session, m.models, m.flows = s, [2]*flow.Model{s.Class[0].Model, s.Class[1].Model}, flows
	return flows, true
}

// LiveEpochs returns each class flow's finished epochs in the run in
// progress.
func (a *App) LiveEpochs() [2]int {
	var e [2]int
	if a.Session != nil {
		for c := range 2 {
			e[c] = len(a.Session.Class[c].History)
		}
	}
	return e
}
