package data

// Flaw is a feature of a table that no density can be learnt of: one that
// has a single value in every row of a class (its density there is a spike),
// or one equal to another feature in every row (the density is then
// concentrated on a plane). A flow trained on such a feature diverges or
// learns nothing; the fix is to leave the feature out.
type Flaw struct {
	// Feature is the flawed feature's column index.
	Feature int
	// Class is the class in whose rows Feature is constant (Value), or -1.
	Class int
	Value float64
	// Same is the earlier feature Feature equals in every row, or -1.
	Same int
}

// Flaws lists the flaws of d: first each feature constant in a class of at
// least two rows (once, for the lower class), then each feature equal in
// every row to an earlier one that is not itself constant.
func Flaws(d *Dataset) []Flaw {
	var out []Flaw
	n := d.Len()
	constant := make([]bool, d.Dim)
	for j := range d.Dim {
		for c := range 2 {
			first, rows, same := 0.0, 0, true
			for i := 0; i < n && same; i++ {
				if d.Y[i] != c {
					continue
				}
				v := d.X[i*d.Dim+j]
				if rows == 0 {
					first = v
				}
				same = v == first
				rows++
			}
			if same && rows >= 2 {
				out = append(out, Flaw{Feature: j, Class: c, Value: first, Same: -1})
				constant[j] = true
				break
			}
		}
	}
	for j := range d.Dim {
		for k := range j {
			if constant[j] || constant[k] || n < 2 {
				continue
			}
			equal := true
			for i := 0; i < n && equal; i++ {
				equal = d.X[i*d.Dim+j] == d.X[i*d.Dim+k]
			}
			if equal {
				out = append(out, Flaw{Feature: j, Class: -1, Same: k})
				break
			}
		}
	}
	return out
}
