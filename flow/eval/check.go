package eval

import "fmt"

// Shared panic messages for programmer errors.
const (
	errLength = "eval: length mismatch"
	errDim    = "eval: dim must be positive and divide len(x)"
)

// checkLabels panics unless labels has length n and holds only 0 and 1.
// It returns the number of rows labelled 0 and 1.
func checkLabels(labels []int, n int) (n0, n1 int) {
	if len(labels) != n {
		panic(errLength)
	}
	for i, l := range labels {
		switch l {
		case 0:
			n0++
		case 1:
			n1++
		default:
			panic(fmt.Sprintf("eval: label %d at row %d is not 0 or 1", l, i))
		}
	}
	return n0, n1
}

// rows returns len(x)/dim and panics if dim does not divide len(x).
func rows(x []float64, dim int) int {
	if dim <= 0 || len(x)%dim != 0 {
		panic(errDim)
	}
	return len(x) / dim
}
