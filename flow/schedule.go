package flow

import "math"

// PolyDecay is a polynomial learning-rate decay counted in optimiser steps,
// as TensorFlow's PolynomialDecay:
//
//	lr(step) = (Start − End)·(1 − min(step, Steps)/Steps)^Power + End.
//
// The paper decays from 1e-3 to 1e-4 with Power ½.
type PolyDecay struct {
	Start, End, Power float64
	Steps             int // steps over which the rate decays; ≤ 0 means constant Start
}

// At returns the learning rate for the given 0-based optimiser step.
func (p PolyDecay) At(step int) float64 {
	if p.Steps <= 0 {
		return p.Start
	}
	frac := 1 - float64(min(step, p.Steps))/float64(p.Steps)
	return (p.Start-p.End)*math.Pow(frac, p.Power) + p.End
}
