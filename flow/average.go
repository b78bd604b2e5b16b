package flow

import "math"

// average is an exponential moving average of the parameters (Polyak and
// Juditsky 1992; TrainSettings.Average): after every optimiser step
//
//	θ̄ ← β_t·θ̄ + (1 − β_t)·θ,   β_t = min(β, t/(t + 1)) at step t = 1, 2, …,
//
// with β = 2^(−1/(h·S)) for a half-life of h epochs of S steps, and θ̄
// starting at the initial parameters: the plain mean of all iterates so far
// until the window reaches the half-life, exponential forgetting after that.
// Any parameter vector is a valid flow, so the average is one too.
type average struct {
	beta  float64
	steps int
	theta []float64 // θ̄; nil when averaging is off
}

// newAverage starts an average of params with a half-life of h epochs of
// steps optimiser steps each; h = 0 turns it off.
func newAverage(h float64, steps int, params []float64) average {
	if h <= 0 {
		return average{}
	}
	return average{beta: math.Exp2(-1 / (h * float64(steps))), theta: append([]float64(nil), params...)}
}

// update moves the average toward params after one optimiser step.
func (a *average) update(params []float64) {
	if a.theta == nil {
		return
	}
	a.steps++
	b := min(a.beta, float64(a.steps)/float64(a.steps+1))
	for i, p := range params {
		a.theta[i] = b*a.theta[i] + (1-b)*p
	}
}

// swap exchanges params and the average in place (twice restores both), so
// that the flow can be evaluated at, or handed over as, the average.
func (a *average) swap(params []float64) {
	for i := range a.theta {
		params[i], a.theta[i] = a.theta[i], params[i]
	}
}
