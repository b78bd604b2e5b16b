package data

import (
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestCSVWriterSafe: the header is neither run as formulas nor split,
// negative numbers stay numbers, and a name with a quote is quoted.
func TestCSVWriterSafe(t *testing.T) {
	var b strings.Builder
	w := NewCSVWriter(&b)
	header := []string{"=1+1", "+2+3", "-4+5", "@SUM(A1)", "label", `say "hi"`, "a,b", "\tTab", "\rCR", "-", "+"}
	if err := w.Write(header...); err != nil {
		t.Fatal(err)
	}
	w.WriteFloats([]string{"-4.2"}, -4.2, 1e-300, math.NaN(), math.Inf(-1), math.Inf(1), 0)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	const want = `'=1+1,'+2+3,'-4+5,'@SUM(A1),label,"say ""hi""","a,b",'	Tab,"'` + "\r" + `CR",'-,'+` + "\n" +
		"-4.2,-4.2,1e-300,NaN,-Inf,+Inf,0\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	// Read back: the cells are the prefixed texts and the same numbers.
	r := csv.NewReader(strings.NewReader(b.String()))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 2 || recs[0][5] != `say "hi"` || recs[0][0] != "'=1+1" || !slices.Equal(recs[1][:3], []string{"-4.2", "-4.2", "1e-300"}) {
		t.Errorf("read back %q, %v", recs, err)
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "u_g": "u_g", "-4.2": "-4.2", "+7": "+7", "-1e-3": "-1e-3", "-Inf": "-Inf", "NaN": "NaN",
		"=A1": "'=A1", "-A1": "'-A1", "-4+5": "'-4+5", "+-": "'+-", "@x": "'@x", "-0x1p3": "'-0x1p3", "-Infinity": "'-Infinity",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
