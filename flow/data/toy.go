package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// ToyNames lists the 2-D teaching sets Toy can draw, in menu order.
var ToyNames = []string{"moons", "rings", "checkerboard", "gaussians"}

// maxToyRows bounds Toy's n so a bad UI value cannot exhaust memory.
const maxToyRows = 1_000_000

// Toy draws n rows of a 2-D teaching set with features "x1", "x2": n/2 rows (rounded down) of
// class 0 and the rest class 1, in shuffled order. noise is the standard deviation of Gaussian
// jitter added to each coordinate after the clean shape is drawn (0 gives the exact shape).
//
//   - "moons": scikit-learn's make_moons: class 0 on the upper half circle of radius 1 centred
//     at (0, 0), class 1 on the lower half circle centred at (1, 0.5), points evenly spaced in angle.
//   - "rings": class 0 on the circle of radius 2, class 1 on the circle of radius 1, both centred
//     at the origin, uniformly random angles.
//   - "checkerboard": uniform points in the 4×4 board of unit squares covering [-2, 2]²; a point
//     in the square with corner (-2+i, -2+j) has class (i+j) mod 2.
//   - "gaussians": class 0 ~ N((-0.8, -0.3), [[0.5, 0.3], [0.3, 0.4]]),
//     class 1 ~ N((0.8, 0.5), [[0.3, -0.15], [-0.15, 0.6]]).
//
// It fails with ErrUnknownToy for a name not in ToyNames, and with an error for n < 2,
// n > 1,000,000, or a negative or non-finite noise. The same rng state gives the same data.
func Toy(name string, n int, noise float64, rng *rand.Rand) (*Dataset, error) {
	var draw func(x []float64, class int, k, nk int, rng *rand.Rand)
	switch name {
	case "moons":
		draw = drawMoon
	case "rings":
		draw = drawRing
	case "checkerboard":
		draw = drawChecker
	case "gaussians":
		draw = drawGaussian
	default:
		return nil, fmt.Errorf("%w: %q; choose one of %s", ErrUnknownToy, name, strings.Join(ToyNames, ", "))
	}
	if n < 2 || n > maxToyRows {
		return nil, fmt.Errorf("data: Toy: n = %d, want 2 to %d", n, maxToyRows)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return nil, fmt.Errorf("data: Toy: noise = %v, want a finite value ≥ 0", noise)
	}
	d := &Dataset{Names: []string{"x1", "x2"}, Dim: 2, X: make([]float64, 2*n), Y: make([]int, n)}
	counts := [2]int{n / 2, n - n/2}
	i := 0
	for class, nk := range counts {
		for k := range nk {
			draw(d.X[2*i:2*i+2], class, k, nk, rng)
			d.Y[i] = class
			i++
		}
	}
	if noise > 0 {
		for j := range d.X {
			d.X[j] += noise * rng.NormFloat64()
		}
	}
	rng.Shuffle(n, func(a, b int) {
		d.X[2*a], d.X[2*b] = d.X[2*b], d.X[2*a]
		d.X[2*a+1], d.X[2*b+1] = d.X[2*b+1], d.X[2*a+1]
		d.Y[a], d.Y[b] = d.Y[b], d.Y[a]
	})
	return d, nil
}

// drawMoon writes point k of nk on the class's half circle, angles as numpy.linspace(0, π, nk).
func drawMoon(x []float64, class, k, nk int, _ *rand.Rand) {
	t := 0.0
	if nk > 1 {
		t = math.Pi * float64(k) / float64(nk-1)
	}
	if class == 0 {
		x[0], x[1] = math.Cos(t), math.Sin(t)
	} else {
		x[0], x[1] = 1-math.Cos(t), 1-math.Sin(t)-0.5
	}
}

// drawRing writes a point at a uniform random angle on the class's circle.
func drawRing(x []float64, class, _, _ int, rng *rand.Rand) {
	r := 2.0
	if class == 1 {
		r = 1
	}
	t := 2 * math.Pi * rng.Float64()
	x[0], x[1] = r*math.Cos(t), r*math.Sin(t)
}

// drawChecker writes a uniform point in a uniformly chosen square of the class's colour.
func drawChecker(x []float64, class, _, _ int, rng *rand.Rand) {
	// The 8 squares of one colour: row j holds squares i ≡ class+j (mod 2).
	s := rng.IntN(8)
	j := s / 2
	i := 2*(s%2) + (class+j)%2
	x[0] = -2 + float64(i) + rng.Float64()
	x[1] = -2 + float64(j) + rng.Float64()
}

// toyGauss holds each gaussians class's mean and covariance (a, b; b, c).
var toyGauss = [2]struct{ mx, my, a, b, c float64 }{
	{mx: -0.8, my: -0.3, a: 0.5, b: 0.3, c: 0.4},
	{mx: 0.8, my: 0.5, a: 0.3, b: -0.15, c: 0.6},
}

// drawGaussian writes mean + L·z with L the Cholesky factor of the class's covariance.
func drawGaussian(x []float64, class, _, _ int, rng *rand.Rand) {
	g := toyGauss[class]
	l11 := math.Sqrt(g.a)
	l21 := g.b / l11
	l22 := math.Sqrt(g.c - l21*l21)
	z1, z2 := rng.NormFloat64(), rng.NormFloat64()
	x[0] = g.mx + l11*z1
	x[1] = g.my + l21*z1 + l22*z2
}
