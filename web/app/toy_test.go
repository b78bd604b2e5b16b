package app_test

import (
	"slices"
	"testing"

	. "flowlab/web/app"
)

// TestToyIndependentOfSeedOrder is the shared-link case: the sender chose
// rings, then set seed 7; the recipient's link restores seed 7 first, then
// rings. Both must have the same points and the same split.
func TestToyIndependentOfSeedOrder(t *testing.T) {
	sender := NewApp("")
	if err := sender.UseToy("rings"); err != nil {
		t.Fatal(err)
	}
	sender.State.Seed = 7
	recipient := NewApp("seed=7&data=rings")
	if err := recipient.UseToy("rings"); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sender.Data.X, recipient.Data.X) || !slices.Equal(sender.Data.Y, recipient.Data.Y) {
		t.Fatal("the same teaching set differs with the order of seed and data")
	}
	a, b := sender.Split(), recipient.Split()
	if !slices.Equal(a.Valid.X, b.Valid.X) || !slices.Equal(a.Train.X, b.Train.X) {
		t.Error("the splits differ")
	}
}
