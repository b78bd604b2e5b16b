package flow_test

import (
	"testing"

	"flowlab/flow"
)

func TestEpochStatsAfter(t *testing.T) {
	tests := []struct {
		in                   flow.EpochStats
		member, epochs, step int
		want                 flow.EpochStats
	}{
		{flow.EpochStats{Epoch: 2, Steps: 20, LastGoodEpoch: 2}, 1, 7, 70, flow.EpochStats{Epoch: 9, Steps: 90, LastGoodEpoch: 9, Member: 1}},
		// No good epoch yet stays none.
		{flow.EpochStats{Epoch: 1, Steps: 5}, 2, 14, 70, flow.EpochStats{Epoch: 15, Steps: 75, Member: 2}},
		{flow.EpochStats{Epoch: 3, Steps: 30, LastGoodEpoch: 3, TestLoss: -1.5}, 0, 0, 0, flow.EpochStats{Epoch: 3, Steps: 30, LastGoodEpoch: 3, TestLoss: -1.5}},
	}
	for _, tc := range tests {
		if got := tc.in.After(tc.member, tc.epochs, tc.step); got != tc.want {
			t.Errorf("%+v.After(%d, %d, %d) = %+v, want %+v", tc.in, tc.member, tc.epochs, tc.step, got, tc.want)
		}
	}
}
