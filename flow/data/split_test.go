package data

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// idTable makes a table whose first feature is the row index, so rows can be traced through a split.
// The n1 class-1 rows are spread evenly among the n0+n1 rows.
func idTable(n0, n1 int) *Dataset {
	n := n0 + n1
	d := &Dataset{Names: []string{"id", "v"}, Dim: 2, X: make([]float64, 2*n), Y: make([]int, n)}
	for i := range n {
		d.X[2*i], d.X[2*i+1] = float64(i), float64(i)*0.5
	}
	for j := range n1 {
		d.Y[j*n/n1] = 1
	}
	return d
}

func TestSplitSizes(t *testing.T) {
	// Expected sizes follow the rule in Split's doc: per class floor(n·Train), floor(n·Test), rest valid
	// (rest to test when Valid is 0). Worked by hand from the RR Lyrae class sizes 92,658 and 483.
	tests := []struct {
		name                  string
		n0, n1                int
		f                     Fractions
		train0, test0, valid0 int
		train1, test1, valid1 int
	}{
		// 92658·0.8 = 74126.4 → 74126; ·0.1 = 9265.8 → 9265; rest 9267. 483·0.8 = 386.4 → 386; 48.3 → 48; rest 49.
		{"paper", 92658, 483, PaperSplit, 74126, 9265, 9267, 386, 48, 49},
		// 92658·0.75 = 69493.5 → 69493, rest 23165 to test. 483·0.75 = 362.25 → 362, rest 121.
		{"astroML", 92658, 483, AstroMLSplit, 69493, 23165, 0, 362, 121, 0},
		// 90·0.7 is 62.99999999999999 in float64: the 1e-9 slack still gives 63. 10·0.7 = 7, 10·0.2 = 2, rest 1.
		{"float noise", 90, 10, Fractions{0.7, 0.2, 0.1}, 63, 18, 9, 7, 2, 1},
		{"all train", 10, 5, Fractions{1, 0, 0}, 10, 0, 0, 5, 0, 0},
	}
	for _, tc := range tests {
		d := idTable(tc.n0, tc.n1)
		train, test, valid := Split(d, tc.f, rand.New(rand.NewPCG(1, 2)))
		for _, c := range []struct {
			part   string
			d      *Dataset
			n0, n1 int
		}{{"train", train, tc.train0, tc.train1}, {"test", test, tc.test0, tc.test1}, {"valid", valid, tc.valid0, tc.valid1}} {
			if n0, n1 := c.d.Counts(); n0 != c.n0 || n1 != c.n1 {
				t.Errorf("%s %s: counts %d, %d, want %d, %d", tc.name, c.part, n0, n1, c.n0, c.n1)
			}
			if c.d.Dim != 2 || !slices.Equal(c.d.Names, d.Names) || len(c.d.X) != 2*c.d.Len() {
				t.Errorf("%s %s: shape dim %d names %v X %d rows %d", tc.name, c.part, c.d.Dim, c.d.Names, len(c.d.X), c.d.Len())
			}
		}
	}
}

func TestSplitPartition(t *testing.T) {
	d := idTable(900, 100)
	train, test, valid := Split(d, PaperSplit, rand.New(rand.NewPCG(7, 7)))
	seen := make([]int, d.Len())
	for _, part := range []*Dataset{train, test, valid} {
		prev := -1.0
		for i := range part.Len() {
			row := part.Row(i)
			id := int(row[0])
			seen[id]++
			if row[1] != d.X[2*id+1] || part.Y[i] != d.Y[id] {
				t.Fatalf("row %d does not match source row %d", i, id)
			}
			if row[0] <= prev {
				t.Fatalf("rows not in source order: %v after %v", row[0], prev)
			}
			prev = row[0]
		}
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("source row %d appears %d times across the splits", id, c)
		}
	}
	// Class shares of train and test stay at 10% signal (floor rounding moves at most one row).
	for _, part := range []*Dataset{train, test, valid} {
		_, n1 := part.Counts()
		if share := float64(n1) / float64(part.Len()); share < 0.09 || share > 0.11 {
			t.Errorf("signal share %.4f, want 0.10 ± 0.01", share)
		}
	}
}

func TestSplitDeterminism(t *testing.T) {
	d := idTable(500, 50)
	a1, b1, c1 := Split(d, PaperSplit, rand.New(rand.NewPCG(3, 4)))
	a2, b2, c2 := Split(d, PaperSplit, rand.New(rand.NewPCG(3, 4)))
	if !slices.Equal(a1.X, a2.X) || !slices.Equal(b1.X, b2.X) || !slices.Equal(c1.X, c2.X) {
		t.Errorf("same seed, different split")
	}
	a3, _, _ := Split(d, PaperSplit, rand.New(rand.NewPCG(5, 6)))
	if slices.Equal(a1.X, a3.X) {
		t.Errorf("different seeds gave the same training set")
	}
}

func TestSplitPanics(t *testing.T) {
	d := idTable(10, 10)
	for _, f := range []Fractions{{0.5, 0.5, 0.5}, {-0.1, 0.6, 0.5}, {0.5, 0.2, 0.2}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Split(%v) did not panic", f)
				}
			}()
			Split(d, f, rand.New(rand.NewPCG(1, 1)))
		}()
	}
}
