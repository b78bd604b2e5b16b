package data

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzParseCSV checks that ParseCSV never panics, fails only with a *ParseError, and on success
// returns a table that keeps every invariant.
func FuzzParseCSV(f *testing.F) {
	for _, seed := range []string{
		"u_g,g_r,r_i,i_z,label\n1.2509995,0.39400005,0.13700008,0.06199932,0\n1.263,0.287,0.098,0.213,1\n",
		"\ufeffa,b,label\r\n1,2,0\r\n3,4,1\r\n\r\n",
		"a,b,label\n1,NaN,0\n",
		"a,b,label\n1,2,0\n\n3,4,1\n",
		"label,x,y,z\n1,1e308,-1e-308,0x1p-2\n0,.5,-.5,5.\n",
		"a,b\n",
		"",
		"1,2,3\n",
		"a,b,label\n1,2,1.0\n3,4,0.0\n5,6,2\n",
	} {
		f.Add(seed, "", 0)
	}
	f.Add("id,a,b,cls\nq,1,2,0\nr,3,4,1\n", "cls", 1)
	f.Fuzz(func(t *testing.T, in, label string, maxRows int) {
		d, err := ParseCSV(strings.NewReader(in), CSVOptions{Label: label, MaxRows: maxRows})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			return
		}
		if d.Dim < MinFeatures || d.Dim > MaxFeatures || len(d.Names) != d.Dim {
			t.Fatalf("dim %d names %v", d.Dim, d.Names)
		}
		if d.Len()*d.Dim != len(d.X) || d.Len() == 0 {
			t.Fatalf("Len %d × Dim %d != len(X) %d", d.Len(), d.Dim, len(d.X))
		}
		if maxRows > 0 && d.Len() > maxRows {
			t.Fatalf("%d rows, MaxRows %d", d.Len(), maxRows)
		}
		for _, v := range d.X {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite value %v", v)
			}
		}
		n0, n1 := d.Counts()
		if n0+n1 != d.Len() || n0 == 0 || n1 == 0 {
			t.Fatalf("counts %d, %d of %d rows", n0, n1, d.Len())
		}
	})
}
