package app

import (
	"math/rand/v2"

	"flowlab/flow/data"
)

// UseToy generates a 2-D teaching set by name (always the same points: ToySeed).
func (a *App) UseToy(name string) error {
	d, err := data.Toy(name, ToyRows, ToyNoise(name), rand.New(rand.NewPCG(ToySeed, 0x70F)))
	if err != nil {
		return a.fail(err)
	}
	a.SetData(d, ToyLabel(name), name)
	return nil
}

// ToySeed draws the teaching sets. It is fixed, not the training seed: a
// set must be the same points whatever seed was in force when it was chosen
// and in whatever order a link restores the seed and the set, so that a
// link and an exported classifier give the sender's numbers exactly. The
// seed still varies the split and the training.
const ToySeed = 1

// ToyRows is the size of the generated 2-D sets.
const ToyRows = 4000

// ToyNoise is the noise level used for each teaching set.
func ToyNoise(name string) float64 {
	if name == "gaussians" || name == "checkerboard" {
		return 0
	}
	return 0.08
}

// ToyLabel names a teaching set for people.
func ToyLabel(name string) string {
	switch name {
	case "moons":
		return "Two moons"
	case "rings":
		return "Concentric rings"
	case "checkerboard":
		return "Checkerboard"
	case "gaussians":
		return "Two Gaussians"
	}
	return name
}

// SetView switches the page to view v (one of Views).
func (a *App) SetView(v string) {
	a.State.View = v
	a.changed()
}
