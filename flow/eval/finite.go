package eval

import "math"

// NonFinite counts the NaN and ±Inf values in x. Scores of a flow whose
// parameters or inputs are extreme can be non-finite; they are data, not
// errors: the ranking functions put a NaN score last, [AtCut] never calls a
// NaN statistic signal, and a page or report shows this count beside them.
func NonFinite(x []float64) int {
	n := 0
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			n++
		}
	}
	return n
}
