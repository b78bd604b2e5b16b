package data

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseCSVAccepts(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opt   CSVOptions
		names []string
		x     []float64
		y     []int
	}{
		{"plain", "a,b,label\n1,2,0\n3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"no final newline", "a,b,label\n1,2,0\n3,4,1", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"CRLF and BOM", "\ufeffa,b,label\r\n1,2,0\r\n3,4,1\r\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"trailing blank lines", "a,b,label\n1,2,0\n3,4,1\n\n  \r\n\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"spaces and tabs", " a , b\t,label \n 1 ,\t2 , 0\n3,4 ,1 \n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"label spellings", "a,b,label\n1,2,0.0\n3,4,1.0\n5,6,1.000000000000000000e+00\n7,8,-0\n", CSVOptions{},
			[]string{"a", "b"}, []float64{1, 2, 3, 4, 5, 6, 7, 8}, []int{0, 1, 1, 0}},
		{"number spellings", "a,b,label\n-1.5e-3,+7,0\n.25,1E2,1\n", CSVOptions{}, []string{"a", "b"}, []float64{-1.5e-3, 7, .25, 100}, []int{0, 1}},
		{"label first", "label,a,b\n0,1,2\n1,3,4\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"chosen features and order, other column ignored", "id,a,b,c,cls\nx,1,2,3,0\ny,4,5,6,1\n",
			CSVOptions{Features: []string{"c", "a"}, Label: "cls"}, []string{"c", "a"}, []float64{3, 1, 6, 4}, []int{0, 1}},
		{"MaxRows exactly met", "a,b,label\n1,2,0\n3,4,1\n", CSVOptions{MaxRows: 2}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
	}
	for _, tc := range tests {
		d, err := ParseCSV(strings.NewReader(tc.in), tc.opt)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(d.Names, tc.names) || d.Dim != len(tc.names) || !slices.Equal(d.X, tc.x) || !slices.Equal(d.Y, tc.y) {
			t.Errorf("%s: got names %v dim %d X %v Y %v, want %v %v %v", tc.name, d.Names, d.Dim, d.X, d.Y, tc.names, tc.x, tc.y)
		}
	}
}

// TestParseCSVRejects: each sentinel with the line and column the error must name.
func TestParseCSVRejects(t *testing.T) {
	const ok = "a,b,label\n1,2,0\n3,4,1\n"
	tests := []struct {
		name   string
		in     string
		opt    CSVOptions
		want   error
		line   int
		column string
	}{
		{"empty input", "", CSVOptions{}, ErrNoHeader, 1, ""},
		{"blank first line", "\n" + ok, CSVOptions{}, ErrNoHeader, 1, ""},
		{"numeric first line", "1,2,0\n3,4,1\n", CSVOptions{}, ErrNoHeader, 1, ""},
		{"binary first line", "\xff\xfe,a\n", CSVOptions{}, ErrNoHeader, 1, ""},
		{"empty name", "a,,label\n1,2,0\n", CSVOptions{}, ErrEmptyName, 1, ""},
		{"duplicate in header", "a,b,a,label\n1,2,3,0\n", CSVOptions{}, ErrDuplicateColumn, 1, "a"},
		{"feature twice", ok, CSVOptions{Features: []string{"a", "a"}}, ErrDuplicateColumn, 1, "a"},
		{"label as feature", ok, CSVOptions{Features: []string{"a", "label"}}, ErrDuplicateColumn, 1, "label"},
		{"no label column", "a,b,c\n1,2,3\n", CSVOptions{}, ErrMissingColumn, 1, "label"},
		{"no such label", ok, CSVOptions{Label: "y"}, ErrMissingColumn, 1, "y"},
		{"no such feature", ok, CSVOptions{Features: []string{"a", "q"}}, ErrMissingColumn, 1, "q"},
		{"one feature", "a,label\n1,0\n2,1\n", CSVOptions{}, ErrTooFewFeatures, 1, ""},
		{"one chosen feature", ok, CSVOptions{Features: []string{"b"}}, ErrTooFewFeatures, 1, ""},
		{"nine features", "a,b,c,d,e,f,g,h,i,label\n1,2,3,4,5,6,7,8,9,0\n", CSVOptions{}, ErrTooManyFeatures, 1, ""},
		{"short row", "a,b,label\n1,2,0\n3,1\n", CSVOptions{}, ErrFieldCount, 3, ""},
		{"trailing comma", "a,b,label\n1,2,0,\n", CSVOptions{}, ErrFieldCount, 2, ""},
		{"blank line inside", "a,b,label\n1,2,0\n\n3,4,1\n", CSVOptions{}, ErrFieldCount, 3, ""},
		{"comment line", "a,b,label\n# note\n1,2,0\n", CSVOptions{}, ErrFieldCount, 2, ""},
		{"not a number", "a,b,label\n1,2,0\n3,abc,1\n", CSVOptions{}, ErrNotNumber, 3, "b"},
		{"empty value", "a,b,label\n1, ,0\n", CSVOptions{}, ErrNotNumber, 2, "b"},
		{"quoted value", "a,b,label\n\"1\",2,0\n", CSVOptions{}, ErrNotNumber, 2, "a"},
		{"NaN", "a,b,label\nNaN,2,0\n", CSVOptions{}, ErrNotFinite, 2, "a"},
		{"Inf", "a,b,label\n1,-Inf,0\n", CSVOptions{}, ErrNotFinite, 2, "b"},
		{"overflow", "a,b,label\n1,1e999,0\n", CSVOptions{}, ErrNotFinite, 2, "b"},
		{"label 2", "a,b,label\n1,2,0\n3,4,2\n", CSVOptions{}, ErrBadLabel, 3, "label"},
		{"label 0.5", "a,b,label\n1,2,0.5\n", CSVOptions{}, ErrBadLabel, 2, "label"},
		{"label text", "a,b,cls\n1,2,yes\n", CSVOptions{Label: "cls"}, ErrBadLabel, 2, "cls"},
		{"label NaN", "a,b,label\n1,2,NaN\n", CSVOptions{}, ErrBadLabel, 2, "label"},
		{"too many rows", ok + "5,6,0\n", CSVOptions{MaxRows: 2}, ErrTooManyRows, 4, ""},
		{"header only", "a,b,label\n", CSVOptions{}, ErrNoRows, 0, ""},
		{"header and blanks", "a,b,label\n\n\n", CSVOptions{}, ErrNoRows, 0, ""},
		{"only class 0", "a,b,label\n1,2,0\n3,4,0\n", CSVOptions{}, ErrOneClass, 0, "label"},
		{"only class 1", "a,b,label\n1,2,1\n", CSVOptions{}, ErrOneClass, 0, "label"},
	}
	for _, tc := range tests {
		_, err := ParseCSV(strings.NewReader(tc.in), tc.opt)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %T is not a *ParseError", tc.name, err)
			continue
		}
		if pe.Line != tc.line || pe.Column != tc.column {
			t.Errorf("%s: line %d column %q, want %d %q (%v)", tc.name, pe.Line, pe.Column, tc.line, tc.column, err)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	// Header on line 1, 15 good rows on lines 2-16, the bad g_r value on line 17.
	in := "u_g,g_r,r_i,i_z,label\n" + strings.Repeat("1,2,3,4,0\n", 14) + "1,2,3,4,1\n1,abc,3,4,0\n"
	_, err := ParseCSV(strings.NewReader(in), CSVOptions{})
	const want = `data: line 17, column "g_r": not a number: "abc"`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	tests := []struct {
		err  *ParseError
		want string
	}{
		{&ParseError{Line: 3, Err: ErrFieldCount}, "data: line 3: wrong number of fields"},
		{&ParseError{Column: "label", Err: ErrOneClass}, `data: column "label": only one class present`},
		{&ParseError{Err: ErrNoRows}, "data: no data rows"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestParseCSVReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("a,b,label\n1,2,0\n"), iotest.ErrReader(boom))
	_, err := ParseCSV(r, CSVOptions{})
	var pe *ParseError
	if !errors.Is(err, boom) || !errors.As(err, &pe) {
		t.Errorf("error %v, want a *ParseError wrapping %v", err, boom)
	}
}

func TestParseCSVLongLine(t *testing.T) {
	// A line longer than the 64 KiB read buffer still parses.
	pad := strings.Repeat(" ", 70_000)
	in := "a,b,label\n1," + pad + "2,0\n3,4,1\n"
	d, err := ParseCSV(strings.NewReader(in), CSVOptions{})
	if err != nil || !slices.Equal(d.X, []float64{1, 2, 3, 4}) {
		t.Fatalf("got %v, %v", d, err)
	}
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  error
	}{
		{"\ufeffu_g, g_r ,label\r\n1,2,0\n", []string{"u_g", "g_r", "label"}, nil},
		{"only", []string{"only"}, nil},
		{"", nil, ErrNoHeader},
		{"a,a\n", nil, ErrDuplicateColumn},
		{"a,,b\n", nil, ErrEmptyName},
	}
	for _, tc := range tests {
		got, err := ReadHeader(strings.NewReader(tc.in))
		if !errors.Is(err, tc.err) || !slices.Equal(got, tc.want) {
			t.Errorf("ReadHeader(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}
