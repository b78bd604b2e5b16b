package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Fractions are the shares of each class that go to the training, test and validation sets.
// They must be non-negative and sum to 1 (within 1e-9).
type Fractions struct {
	Train, Test, Valid float64
}

// PaperSplit is the paper's 80% train / 10% test / 10% validation split.
var PaperSplit = Fractions{Train: 0.8, Test: 0.1, Valid: 0.1}

// AstroMLSplit is astroML's 75% train / 25% test split (no validation set).
var AstroMLSplit = Fractions{Train: 0.75, Test: 0.25, Valid: 0}

// splitEps absorbs floating-point error in n*fraction before rounding down (0.1*30 may be 2.9999…).
const splitEps = 1e-9

// Split divides d into train, test and valid sets, stratified by class.
//
// For each class in turn (label 0, then 1) the class's row indices are shuffled with rng
// (rng.Shuffle), then cut in that shuffled order: the first floor(n·Train) go to train, the next
// floor(n·Test) to test and the rest to valid, where n is the number of rows of that class.
// Rounding down leaves at most two rows per class over; they go to valid — or to test when
// f.Valid is 0, so AstroMLSplit never makes a validation row (like scikit-learn's
// train_test_split, the test share is rounded up). Within each result the rows keep their
// order in d. Every row of d is in exactly one result; a result with no rows is empty, not nil.
//
// The same rng state gives the same split. Split panics if f is invalid (negative, NaN, or not
// summing to 1) or a label is not 0 or 1.
func Split(d *Dataset, f Fractions, rng *rand.Rand) (train, test, valid *Dataset) {
	for _, v := range []float64{f.Train, f.Test, f.Valid} {
		if !(v >= 0 && v <= 1) {
			panic(fmt.Sprintf("data: Split: fraction %v not in [0, 1]", v))
		}
	}
	if s := f.Train + f.Test + f.Valid; math.Abs(s-1) > splitEps {
		panic(fmt.Sprintf("data: Split: fractions sum to %v, not 1", s))
	}
	var byClass [2][]int
	for i, y := range d.Y {
		if y != 0 && y != 1 {
			panic(fmt.Sprintf("data: Split: label %d at row %d is not 0 or 1", y, i))
		}
		byClass[y] = append(byClass[y], i)
	}
	var trainIdx, testIdx, validIdx []int
	for _, idx := range byClass {
		n := len(idx)
		rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		nTrain := int(math.Floor(float64(n)*f.Train + splitEps))
		nTest := int(math.Floor(float64(n)*f.Test + splitEps))
		if f.Valid == 0 {
			nTest = n - nTrain
		}
		nTrain = min(nTrain, n)
		nTest = min(nTest, n-nTrain)
		trainIdx = append(trainIdx, idx[:nTrain]...)
		testIdx = append(testIdx, idx[nTrain:nTrain+nTest]...)
		validIdx = append(validIdx, idx[nTrain+nTest:]...)
	}
	slices.Sort(trainIdx)
	slices.Sort(testIdx)
	slices.Sort(validIdx)
	return d.Subset(trainIdx), d.Subset(testIdx), d.Subset(validIdx)
}
