package data

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzParseCSV checks that ReadCSV and InspectCSV never panic, fail only with a *ParseError,
// and that on success the table keeps every invariant.
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
		"\"\";\"a\";\"b\";\"label\"\r\"1\";1,5;2;0\r\"2\";3;4;1\r",
		"# c\n,a\tb\tlabel\n0\t1\t2\tyes\n1\t3\t4\tno\n",
		"a,b,label\n\"1\",\"2\"\"\",0\n",
	} {
		f.Add(seed, "", "", 0, false)
	}
	f.Add("id,a,b,cls\nq,1,2,0\nr,3,4,1\n", "cls", "", 1, false)
	f.Add("a,b,cls\n1,2,star\n3,4,RRLyrae\n", "cls", "RRLyrae", 0, true)
	f.Fuzz(func(t *testing.T, in, label, signal string, maxRows int, scoring bool) {
		opt := CSVOptions{Label: label, Signal: signal, MaxRows: maxRows, MaxBytes: 1 << 20, ForScoring: scoring}
		if info, err := InspectCSV(strings.NewReader(in), opt); err == nil {
			for _, c := range info.Columns {
				if len(c.Values) > MaxLabelValues {
					t.Fatalf("%d values listed", len(c.Values))
				}
			}
		} else if pe := (*ParseError)(nil); !errors.As(err, &pe) {
			t.Fatalf("InspectCSV error %T %v is not a *ParseError", err, err)
		}
		res, err := ReadCSV(strings.NewReader(in), opt)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			return
		}
		d := res.Data
		if scoring {
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
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxMagnitude {
				t.Fatalf("non-finite value %v", v)
			}
		}
		n0, n1 := d.Counts()
		if n0+n1 != d.Len() || n0 == 0 || n1 == 0 {
			t.Fatalf("counts %d, %d of %d rows", n0, n1, d.Len())
		}
	})
}
