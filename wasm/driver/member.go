package driver

import (
	"flowlab/flow"
	"flowlab/flow/experiment"
)

// nextMember starts the next member of an ensemble when the current one
// has finished training well and the settings ask for more
// (TrainSettings.Members), as experiment.TrainClasses does natively: the
// same streams, so the page trains the CLI's ensemble. The data-parallel
// helpers, if any, stay: every gradient request carries the parameters,
// and the members share the architecture and the standardisation (both
// are fitted to the same rows). A "one epoch more" request ends with the
// member. It reports whether a member was started.
func (d *Driver) nextMember() bool {
	tr := d.trainer
	if tr.Err() != nil || tr.Reason() == flow.ReasonCancelled || d.member()+1 >= max(1, tr.Settings.Members) {
		return false
	}
	m := d.init
	f, next, err := experiment.NewMemberTrainer(m.Config, m.Settings, m.Train, m.Test, m.Seed, m.Class, d.member()+1)
	if err != nil {
		d.fail("ensemble member: " + err.Error())
		return false
	}
	if d.pool != nil {
		next.Grad = shardedGrad(f, d.pool, d.release)
	}
	for _, st := range tr.History() {
		d.history = append(d.history, d.numbered(st))
	}
	d.doneRuns.epochs += tr.Epoch()
	d.doneRuns.steps += tr.StepCount()
	d.members = append(d.members, d.flow)
	d.flow, d.trainer = f, next
	if d.stopAfter > 0 {
		d.stopAfter = 0
		d.setPaused()
	}
	return true
}

// model is the class's flow as trained so far: the current flow, or the
// ensemble of the finished members and the current one.
func (d *Driver) model() *flow.Flow {
	if len(d.members) == 0 {
		return d.flow
	}
	e, err := flow.Ensemble(append(append([]*flow.Flow(nil), d.members...), d.flow)...)
	if err != nil {
		return d.flow // members of one Init always fit together
	}
	return e
}

// member is the number of the ensemble member training now (Init.Member
// for the first this worker trains).
func (d *Driver) member() int { return d.init.Member + len(d.members) }

// numbered renumbers an epoch of the current member as one of the whole run:
// its epoch and step counts follow the finished members', and it names the
// member.
func (d *Driver) numbered(st flow.EpochStats) flow.EpochStats {
	return st.After(d.member(), d.doneRuns.epochs, d.doneRuns.steps)
}
