package app

import (
	"math/rand/v2"

	"flowlab/flow/data"
)

// UseToy generates a 2-D teaching set by name with the current seed.
func (a *App) UseToy(name string) error {
	d, err := data.Toy(name, ToyRows, ToyNoise(name), rand.New(rand.NewPCG(a.State.Seed, 0x70F)))
	if err != nil {
		return a.fail(err)
	}
	a.SetData(d, ToyLabel(name), name)
	return nil
}

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
