package data

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestToyShapes(t *testing.T) {
	const tol = 1e-12
	// Where each clean (noise 0) point must lie, from the definitions in Toy's doc comment.
	onShape := map[string]func(x1, x2 float64, y int) bool{
		"moons": func(x1, x2 float64, y int) bool {
			if y == 0 {
				return math.Abs(math.Hypot(x1, x2)-1) < tol && x2 >= -tol
			}
			return math.Abs(math.Hypot(x1-1, x2-0.5)-1) < tol && x2 <= 0.5+tol
		},
		"rings": func(x1, x2 float64, y int) bool {
			return math.Abs(math.Hypot(x1, x2)-[]float64{2, 1}[y]) < tol
		},
		"checkerboard": func(x1, x2 float64, y int) bool {
			if x1 < -2 || x1 >= 2 || x2 < -2 || x2 >= 2 {
				return false
			}
			i, j := int(math.Floor(x1+2)), int(math.Floor(x2+2))
			return (i+j)%2 == y
		},
		"gaussians": func(x1, x2 float64, y int) bool { return !math.IsNaN(x1) && !math.IsNaN(x2) },
	}
	for _, name := range ToyNames {
		for _, n := range []int{2, 7, 400} {
			d, err := Toy(name, n, 0, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if d.Dim != 2 || !slices.Equal(d.Names, []string{"x1", "x2"}) || d.Len() != n || len(d.X) != 2*n {
				t.Fatalf("%s n=%d: dim %d names %v rows %d", name, n, d.Dim, d.Names, d.Len())
			}
			if n0, n1 := d.Counts(); n0 != n/2 || n1 != n-n/2 {
				t.Errorf("%s n=%d: counts %d, %d, want %d, %d", name, n, n0, n1, n/2, n-n/2)
			}
			for i := range n {
				if r := d.Row(i); !onShape[name](r[0], r[1], d.Y[i]) {
					t.Fatalf("%s n=%d: row %d (%v, class %d) is off the shape", name, n, i, r, d.Y[i])
				}
			}
		}
	}
}

func TestToyMoonsEnds(t *testing.T) {
	// make_moons puts the first and last outer points at (1, 0) and (-1, 0).
	d, _ := Toy("moons", 10, 0, rand.New(rand.NewPCG(1, 1)))
	c0 := d.Class(0)
	var found [2]bool
	for i := range c0.Len() {
		r := c0.Row(i)
		for k, want := range [][2]float64{{1, 0}, {-1, 0}} {
			if math.Abs(r[0]-want[0]) < 1e-12 && math.Abs(r[1]-want[1]) < 1e-12 {
				found[k] = true
			}
		}
	}
	if !found[0] || !found[1] {
		t.Errorf("outer moon ends missing: %v", found)
	}
}

func TestToyGaussianMoments(t *testing.T) {
	const n = 40000
	d, err := Toy("gaussians", n, 0, rand.New(rand.NewPCG(9, 9)))
	if err != nil {
		t.Fatal(err)
	}
	for c, g := range toyGauss {
		k := d.Class(c)
		x1, x2 := k.Column(0), k.Column(1)
		m1, m2 := mean(x1), mean(x2)
		var s11, s12, s22 float64
		for i := range x1 {
			a, b := x1[i]-m1, x2[i]-m2
			s11, s12, s22 = s11+a*a, s12+a*b, s22+b*b
		}
		m := float64(len(x1))
		got := []float64{m1, m2, s11 / m, s12 / m, s22 / m}
		want := []float64{g.mx, g.my, g.a, g.b, g.c}
		// 20,000 draws: standard errors are ≤ 0.006 for the means and ≤ 0.005 for the covariances.
		for i := range got {
			if math.Abs(got[i]-want[i]) > 0.025 {
				t.Errorf("class %d moment %d = %.4f, want %.4f ± 0.025", c, i, got[i], want[i])
			}
		}
	}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestToyNoise(t *testing.T) {
	const n, noise = 20000, 0.1
	clean, _ := Toy("rings", n, 0, rand.New(rand.NewPCG(2, 2)))
	noisy, _ := Toy("rings", n, noise, rand.New(rand.NewPCG(2, 2)))
	// Radial jitter of an isotropic N(0, σ²) point offset has standard deviation σ (for σ ≪ radius).
	var s2 float64
	for i := range n {
		r := noisy.Row(i)
		dr := math.Hypot(r[0], r[1]) - []float64{2, 1}[noisy.Y[i]]
		s2 += dr * dr
	}
	if sd := math.Sqrt(s2 / n); math.Abs(sd-noise) > 0.01 {
		t.Errorf("radial spread %.4f, want %.2f ± 0.01", sd, noise)
	}
	if slices.Equal(clean.X, noisy.X) {
		t.Errorf("noise changed nothing")
	}
}

func TestToyDeterminism(t *testing.T) {
	for _, name := range ToyNames {
		a, _ := Toy(name, 101, 0.2, rand.New(rand.NewPCG(5, 1)))
		b, _ := Toy(name, 101, 0.2, rand.New(rand.NewPCG(5, 1)))
		c, _ := Toy(name, 101, 0.2, rand.New(rand.NewPCG(6, 1)))
		if !slices.Equal(a.X, b.X) || !slices.Equal(a.Y, b.Y) {
			t.Errorf("%s: same seed, different data", name)
		}
		if slices.Equal(a.X, c.X) {
			t.Errorf("%s: different seeds, same data", name)
		}
		if n0, _ := a.Counts(); slices.Equal(a.Y[:n0], make([]int, n0)) {
			t.Errorf("%s: rows are not shuffled (all of class 0 come first)", name)
		}
	}
}

func TestToyErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	if _, err := Toy("spirals", 10, 0, rng); !errors.Is(err, ErrUnknownToy) {
		t.Errorf("unknown name: %v", err)
	}
	for _, tc := range []struct {
		n     int
		noise float64
	}{{1, 0}, {0, 0}, {maxToyRows + 1, 0}, {10, -0.1}, {10, math.NaN()}, {10, math.Inf(1)}} {
		if _, err := Toy("moons", tc.n, tc.noise, rng); err == nil {
			t.Errorf("Toy(moons, %d, %v) gave no error", tc.n, tc.noise)
		}
	}
}
