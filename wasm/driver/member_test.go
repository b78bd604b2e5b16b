package driver

import (
	"math"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/wasm/protocol"
)

// TestDriverTrainsEnsemble trains a class as an ensemble of three
// (TrainSettings.Members) through messages, alone and with two
// data-parallel helpers: the final snapshot is the ensemble
// experiment.NewMemberTrainer's members make (bit for bit alone, to 1e-9
// with helpers), the epochs are numbered through the whole run, progress
// counts every member's epochs, and Done counts them all.
func TestDriverTrainsEnsemble(t *testing.T) {
	const epochs, k = 3, 3
	in := testInit(epochs)
	in.Settings.Members = k
	var members []*flow.Flow
	for m := range k {
		f, tr, err := experiment.NewMemberTrainer(in.Config, in.Settings, in.Train, in.Test, in.Seed, in.Class, m)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Run(t.Context(), nil); err != nil {
			t.Fatal(err)
		}
		members = append(members, f)
	}
	want, err := flow.Ensemble(members...)
	if err != nil {
		t.Fatal(err)
	}
	wantLP := make([]float64, in.NTest)
	want.LogProb(wantLP, in.Test, in.NTest)
	for _, workers := range []int{1, 3} {
		var pool func(int) (Pool, error)
		if workers > 1 {
			pool = newGoPool
		}
		rec := runToEnd(in, workers, pool)
		var snap protocol.Snapshot
		var done protocol.Done
		var epochsSeen []int
		maxEpochs := 0
		for _, m := range rec.msgs {
			switch v := m.(type) {
			case protocol.Snapshot:
				snap = v
			case protocol.Done:
				done = v
			case protocol.Epoch:
				epochsSeen = append(epochsSeen, v.Stats.Epoch)
			case protocol.Progress:
				maxEpochs = max(maxEpochs, v.MaxEpochs)
				if v.Epoch > v.MaxEpochs {
					t.Errorf("%d workers: progress at epoch %d of %d", workers, v.Epoch, v.MaxEpochs)
				}
			case protocol.Failed:
				t.Fatalf("%d workers: failed: %s", workers, v.Message)
			}
		}
		if done.Epochs != k*epochs || done.Reason != flow.ReasonMaxEpochs || maxEpochs != k*epochs {
			t.Errorf("%d workers: done %+v, progress up to %d epochs; want %d", workers, done, maxEpochs, k*epochs)
		}
		for i, e := range epochsSeen {
			if e != i+1 {
				t.Fatalf("%d workers: epochs numbered %v", workers, epochsSeen)
			}
		}
		if len(epochsSeen) != k*epochs || len(snap.Model.History) != k*epochs {
			t.Errorf("%d workers: %d epoch messages, %d in the history; want %d", workers, len(epochsSeen), len(snap.Model.History), k*epochs)
		}
		got, err := snap.Model.Flow()
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Members()) != k {
			t.Fatalf("%d workers: the snapshot has %d members", workers, len(got.Members()))
		}
		lp := make([]float64, in.NTest)
		got.LogProb(lp, in.Test, in.NTest)
		for i := range lp {
			tol := 0.0
			if workers > 1 {
				tol = 1e-9 * (1 + math.Abs(wantLP[i]))
			}
			if math.Abs(lp[i]-wantLP[i]) > tol {
				t.Fatalf("%d workers, row %d: ln p %v, the ensemble trained directly %v", workers, i, lp[i], wantLP[i])
			}
		}
	}
}

// TestDriverTrainsOneMember: an Init for member k of k+1 (a worker per
// member, client.StartMembers) trains experiment.NewMemberTrainer's member k
// alone, bit for bit, and names it in every epoch; a member outside the
// ensemble fails the run.
func TestDriverTrainsOneMember(t *testing.T) {
	in := testInit(3)
	in.Member, in.Settings.Members = 2, 3
	f, tr, err := experiment.NewMemberTrainer(in.Config, in.Settings, in.Train, in.Test, in.Seed, in.Class, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	rec := runToEnd(in, 1, nil)
	var snap *flow.Model
	epochs := 0
	for _, m := range rec.msgs {
		switch v := m.(type) {
		case protocol.Snapshot:
			snap = v.Model
		case protocol.Epoch:
			epochs++
			if v.Stats.Member != 2 || v.Stats.Epoch != epochs {
				t.Errorf("epoch %d of member %d, want epoch %d of member 2", v.Stats.Epoch, v.Stats.Member, epochs)
			}
		case protocol.Failed:
			t.Fatalf("failed: %s", v.Message)
		}
	}
	if epochs != 3 || snap == nil || len(snap.Members) != 0 {
		t.Fatalf("%d epochs, snapshot %v", epochs, snap)
	}
	want := f.Model().Params
	for i := range want {
		if snap.Params[i] != want[i] {
			t.Fatalf("param %d = %v, member 2 trained alone gives %v", i, snap.Params[i], want[i])
		}
	}
	in.Member = 3
	rec = runToEnd(in, 1, nil)
	if f, ok := rec.msgs[0].(protocol.Failed); !ok || f.Message != "member 4 of an ensemble of 3" {
		t.Errorf("member 4 of 3: the first message is %+v", rec.msgs[0])
	}
}
