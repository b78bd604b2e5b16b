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
		{"all fields quoted", "\"a\",\"b\",\"label\"\n\"1\",\"2\",\"0\"\n\"3\",\"4\",\"1\"\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"quoted header only (R write.csv row.names=FALSE)", "\"u_g\",\"g_r\",\"label\"\n1,2,0\n3,4,1\n", CSVOptions{}, []string{"u_g", "g_r"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"R row names", "\"\",\"a\",\"b\",\"label\"\n\"1\",1,2,0\n\"2\",3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"pandas index", ",a,b,label\n0,1,2,0\n1,3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"header one short, comma", "a,b,label\nr1,1,2,0\nr2,3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"semicolons and decimal commas", "a;b;label\n1,5;2;0\n-3,25;4e1;1\n", CSVOptions{}, []string{"a", "b"}, []float64{1.5, 2, -3.25, 40}, []int{0, 1}},
		{"tabs", "a\tb\tlabel\n1.5\t2\t0\n3\t4,5\t1\n", CSVOptions{}, []string{"a", "b"}, []float64{1.5, 2, 3, 4.5}, []int{0, 1}},
		{"comments and blank lines", "# exported 2024\n\na,b,label\n# class 0\n1,2,0\n\n# class 1\n3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"CR line ends", "a,b,label\r1,2,0\r3,4,1\r", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"mixed line ends", "a,b,label\r\n1,2,0\r3,4,1\n5,6,0", CSVOptions{}, []string{"a", "b"}, []float64{1, 2, 3, 4, 5, 6}, []int{0, 1, 0}},
		{"quoted field with comma and newline in an ignored column", "note,a,b,label\n\"x, \"\"y\"\"\nz\",1,2,0\nw,3,4,1\n", CSVOptions{Features: []string{"a", "b"}}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"features by name, any case", "B,A,Label\n1,2,0\n3,4,1\n", CSVOptions{Features: []string{"a", "b"}}, []string{"A", "B"}, []float64{2, 1, 4, 3}, []int{0, 1}},
		{"signal value", "a,b,type\n1,2,star\n3,4,RRLyrae\n5,6,star\n", CSVOptions{Label: "type", Signal: "RRLyrae"}, []string{"a", "b"}, []float64{1, 2, 3, 4, 5, 6}, []int{0, 1, 0}},
		{"signal true/false", "a,b,label\n1,2,false\n3,4,TRUE\n", CSVOptions{Signal: "true"}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"signal numeric 2 vs 1", "a,b,label\n1,2,1\n3,4,2.0\n", CSVOptions{Signal: "2"}, []string{"a", "b"}, []float64{1, 2, 3, 4}, []int{0, 1}},
		{"underflow is 0", "a,b,label\n1e-400,2,0\n3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{0, 2, 3, 4}, []int{0, 1}},
		{"MaxMagnitude itself", "a,b,label\n1e50,-1e50,0\n3,4,1\n", CSVOptions{}, []string{"a", "b"}, []float64{1e50, -1e50, 3, 4}, []int{0, 1}},
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
		{"bare quote", "a,b,label\n1,2\"x,0\n", CSVOptions{}, ErrQuote, 2, ""},
		{"unclosed quote", "a,b,label\n1,\"2,0\n3,4,1\n", CSVOptions{}, ErrQuote, 2, ""},
		{"too many fields", "a,b,label\n1,2,0\n1,2,3,4,5\n", CSVOptions{}, ErrFieldCount, 3, ""},
		{"huge value", "a,b,label\n1,2,0\n3,1e200,1\n", CSVOptions{}, ErrHugeValue, 3, "b"},
		{"huge negative value", "a,b,label\n-1e51,2,0\n", CSVOptions{}, ErrHugeValue, 2, "a"},
		{"missing value", "a,b,label\n1,NA,0\n", CSVOptions{}, ErrNotNumber, 2, "b"},
		{"decimal comma in a comma file", "a,b,label\n1,2,0\n\"1,5\",2,1\n", CSVOptions{}, ErrNotNumber, 3, "a"},
		{"signal value absent", "a,b,cls\n1,2,yes\n3,4,no\n", CSVOptions{Label: "cls", Signal: "maybe"}, ErrOneClass, 0, "cls"},
		{"signal value everywhere", "a,b,cls\n1,2,yes\n3,4,yes\n", CSVOptions{Label: "cls", Signal: "yes"}, ErrOneClass, 0, "cls"},
		{"long name", "a," + strings.Repeat("n", MaxNameBytes+1) + ",label\n1,2,0\n", CSVOptions{}, ErrNameTooLong, 1, ""},
		{"long line", "a,b,label\n1," + strings.Repeat("1", MaxLineBytes+10) + ",0\n", CSVOptions{}, ErrLineTooLong, 2, ""},
		{"file too large", ok + strings.Repeat("5,6,0\n", 100), CSVOptions{MaxBytes: 100}, ErrFileTooLarge, 0, ""},
		{"semicolon, no label", "a;b;c\n1;2;3\n", CSVOptions{}, ErrMissingColumn, 1, "label"},
		{"comment as header", "#a,b,label\n1,2,0\n", CSVOptions{}, ErrNoHeader, 2, ""},
		{"only comments", "# x\n# y\n", CSVOptions{}, ErrNoHeader, 1, ""},
		{"header after comments names its line", "# x\n\na,b,c\n1,2,3\n", CSVOptions{}, ErrMissingColumn, 3, "label"},
		{"not a number", "a,b,label\n1,2,0\n3,abc,1\n", CSVOptions{}, ErrNotNumber, 3, "b"},
		{"empty value", "a,b,label\n1, ,0\n", CSVOptions{}, ErrNotNumber, 2, "b"},
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
