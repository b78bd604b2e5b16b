package experiment

import (
	"context"
	"fmt"

	"flowlab/flow"
	"flowlab/flow/data"
)

// Split is the per-class train/test/validation split of a data set.
type Split struct {
	Train, Test, Valid *data.Dataset
}

// SplitData splits d with fractions f (data.PaperSplit: 80/10/10 per class)
// using the split stream of seed.
func SplitData(d *data.Dataset, f data.Fractions, seed uint64) Split {
	tr, te, va := data.Split(d, f, SplitRNG(seed))
	return Split{Train: tr, Test: te, Valid: va}
}

// NewClassTrainer builds the flow of one class with the class's init stream
// and a trainer over the class's training and test rows.
func NewClassTrainer(cfg flow.Config, s flow.TrainSettings, train, test []float64, seed uint64, class int) (*flow.Flow, *flow.Trainer, error) {
	return NewMemberTrainer(cfg, s, train, test, seed, class, 0)
}

// NewMemberTrainer is NewClassTrainer for member m of an ensemble
// (TrainSettings.Members): member 0 is the class's single flow, and every
// other member has init and shuffle streams of its own.
func NewMemberTrainer(cfg flow.Config, s flow.TrainSettings, train, test []float64, seed uint64, class, m int) (*flow.Flow, *flow.Trainer, error) {
	d := cfg.Dim
	if d <= 0 || len(train)%d != 0 || len(test)%d != 0 {
		return nil, nil, fmt.Errorf("%w: %d training and %d test values for %d features", flow.ErrDim, len(train), len(test), d)
	}
	if len(test) == 0 {
		return nil, nil, fmt.Errorf("experiment: class %d has no test rows; it needs at least 10 rows to split", class)
	}
	f, err := flow.New(cfg, MemberInitRNG(seed, class, m))
	if err != nil {
		return nil, nil, err
	}
	tr, err := flow.NewTrainer(f, train, len(train)/d, test, len(test)/d, s, MemberShuffleRNG(seed, class, m))
	if err != nil {
		return nil, nil, err
	}
	return f, tr, nil
}

// TrainClasses trains the two class flows of setup on split one after the
// other, calling onEpoch after every epoch, with the Quick preset's epochs
// sized for the split's rows (SizedFor). A class whose settings ask for an
// ensemble (TrainSettings.Members = K > 1) trains K flows one after the
// other and gets their ensemble (flow.Ensemble). It returns the flows and
// the trainers of each class's first member (whose History and Reason say
// how training went; an ensemble's error is its first failing member's).
func TrainClasses(ctx context.Context, setup Setup, split Split, seed uint64, onEpoch func(class int, st flow.EpochStats)) ([2]*flow.Flow, [2]*flow.Trainer, error) {
	var flows [2]*flow.Flow
	var trainers [2]*flow.Trainer
	setup = SizedFor(setup, split)
	for c := range 2 {
		var members []*flow.Flow
		for m := range max(1, setup.Settings[c].Members) {
			f, tr, err := NewMemberTrainer(setup.Config, setup.Settings[c], split.Train.Class(c).X, split.Test.Class(c).X, seed, c, m)
			if err != nil {
				return flows, trainers, fmt.Errorf("class %d: %w", c, err)
			}
			err = tr.Run(ctx, func(st flow.EpochStats) {
				st.Member = m
				if onEpoch != nil {
					onEpoch(c, st)
				}
			})
			members = append(members, f)
			if m == 0 {
				flows[c], trainers[c] = f, tr
			}
			if err != nil {
				if m > 0 {
					err = fmt.Errorf("ensemble member %d: %w", m+1, err)
				}
				return flows, trainers, fmt.Errorf("class %d: %w", c, err)
			}
		}
		e, err := flow.Ensemble(members...)
		if err != nil {
			return flows, trainers, fmt.Errorf("class %d: %w", c, err)
		}
		flows[c] = e
	}
	return flows, trainers, nil
}
