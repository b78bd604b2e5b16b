package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadCSVDialect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Dialect
		text string
	}{
		{"comma LF", "a,b,label\n1,2,0\n3,4,1\n", Dialect{Delimiter: ',', LineEnd: "LF"}, "comma-separated"},
		{"semicolon decimal comma CRLF", "a;b;label\r\n1,5;2;0\r\n3;4;1\r\n", Dialect{Delimiter: ';', DecimalComma: true, LineEnd: "CRLF"},
			"semicolon-separated, decimal commas, CRLF line ends"},
		{"semicolon decimal points", "a;b;label\n1.5;2;0\n3;4;1\n", Dialect{Delimiter: ';', LineEnd: "LF"}, "semicolon-separated"},
		{"tab CR", "a\tb\tlabel\r1\t2\t0\r3\t4\t1\r", Dialect{Delimiter: '\t', LineEnd: "CR"}, "tab-separated, CR line ends"},
		{"pandas index and comments", "# made by pandas\n,a,b,label\n0,1,2,0\n1,3,4,1\n", Dialect{Delimiter: ',', LineEnd: "LF", RowIndex: true, Comments: 1},
			"comma-separated, first column is a row index, 1 comment line skipped"},
	}
	for _, tc := range tests {
		res, err := ReadCSV(strings.NewReader(tc.in), CSVOptions{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if res.Dialect != tc.want || res.Dialect.String() != tc.text {
			t.Errorf("%s: dialect %+v %q, want %+v %q", tc.name, res.Dialect, res.Dialect, tc.want, tc.text)
		}
	}
}

func TestReadCSVResult(t *testing.T) {
	in := ",u_g,g_r,type\n0,1,2,star\n1,3,4,RRLyrae\n2,5,6,star\n"
	res, err := ReadCSV(strings.NewReader(in), CSVOptions{Label: "type", Signal: "RRLyrae"})
	if err != nil {
		t.Fatal(err)
	}
	want := []LabelValue{{"star", 2}, {"RRLyrae", 1}}
	if !slices.Equal(res.LabelValues, want) || !slices.Equal(res.Header, []string{"u_g", "g_r", "type"}) || !res.Labelled {
		t.Errorf("got %+v", res)
	}
	// Without Signal, the refusal names the first bad line and lists the values to choose from.
	_, err = ReadCSV(strings.NewReader(in), CSVOptions{Label: "type"})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Column != "type" || !errors.Is(err, ErrBadLabel) ||
		!strings.Contains(err.Error(), `"star" (2 rows), "RRLyrae" (1 row)`) {
		t.Errorf("error %v", err)
	}
}

func TestReadCSVForScoring(t *testing.T) {
	res, err := ReadCSV(strings.NewReader("x,y,z\n1,2,3\n4,5,6\n"), CSVOptions{Features: []string{"z", "x"}, ForScoring: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Labelled || !slices.Equal(res.Data.X, []float64{3, 1, 6, 4}) || !slices.Equal(res.Data.Y, []int{0, 0}) {
		t.Errorf("got %+v %+v", res, res.Data)
	}
	// One class and one feature are fine for scoring.
	if _, err := ReadCSV(strings.NewReader("x,label\n1,1\n2,1\n"), CSVOptions{ForScoring: true}); err != nil {
		t.Error(err)
	}
}

// The message about too few features names the separator it read, so a
// visitor sees why a semicolon file read as commas has one column.
func TestTooFewFeaturesNamesSeparator(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("a;b;label\n1;2;0\n"), CSVOptions{Delimiter: ',', Label: "a;b;label"})
	if !errors.Is(err, ErrTooFewFeatures) || !strings.Contains(err.Error(), "comma-separated") {
		t.Errorf("error %v", err)
	}
}

func TestLongNames(t *testing.T) {
	// The 17,000-character column name: refused cleanly, and the message stays short.
	in := strings.Repeat("a", 17000) + ",b,label\n1,2,0\n3,4,1\n"
	_, err := ReadCSV(strings.NewReader(in), CSVOptions{})
	if !errors.Is(err, ErrNameTooLong) || len(err.Error()) > 300 {
		t.Errorf("error (%d bytes) %.300v", len(err.Error()), err)
	}
	// A CR-only TSV is read line by line, not as one huge header.
	tsv := "a\tb\tlabel\r" + strings.Repeat("1\t2\t0\r3\t4\t1\r", 1000)
	if d, err := ParseCSV(strings.NewReader(tsv), CSVOptions{}); err != nil || d.Len() != 2000 {
		t.Errorf("CR-only TSV: %v", err)
	}
	// A long accepted name is shortened in messages.
	long := strings.Repeat("x", MaxNameBytes)
	_, err = ReadCSV(strings.NewReader(long+",b,label\nq,2,0\n"), CSVOptions{})
	if !errors.Is(err, ErrNotNumber) || len(err.Error()) > 200 {
		t.Errorf("error %v", err)
	}
}

func TestShortName(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"u_g", 10, "u_g"},
		{"a_very_long_column_name", 12, "a_very…_name"},
		{"äöüäöüäöü", 5, "äö…öü"},
		{"abc", 0, "a…"},
		{"ab\xffcd", 10, "ab\uFFFDcd"},
	}
	for _, tc := range tests {
		if got := ShortName(tc.in, tc.limit); got != tc.want {
			t.Errorf("ShortName(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

func TestMatchNamesAndWithColumns(t *testing.T) {
	d := &Dataset{Names: []string{"g_r", "U_G", "i_z", "r_i"}, Dim: 4, X: []float64{2, 1, 4, 3, 20, 10, 40, 30}, Y: []int{0, 1}}
	paper := []string{"u_g", "g_r", "r_i", "i_z"}
	e, err := d.WithColumns(paper)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Names, paper) || !slices.Equal(e.X, []float64{1, 2, 3, 4, 10, 20, 30, 40}) || !slices.Equal(e.Y, d.Y) {
		t.Errorf("got %+v", e)
	}
	_, err = MatchNames([]string{"u_g", "g_r"}, paper)
	var ce *ColumnsError
	if !errors.As(err, &ce) || !errors.Is(err, ErrMissingColumn) || !slices.Equal(ce.Missing, []string{"r_i", "i_z"}) {
		t.Errorf("error %v", err)
	}
}

func TestGuessSignal(t *testing.T) {
	tests := []struct {
		values []string
		want   string
	}{
		{[]string{"false", "true"}, "true"},
		{[]string{"Yes", "No"}, "Yes"},
		{[]string{"star", "RRLyrae"}, ""},
		{[]string{"yes", "no", "maybe"}, ""},
	}
	for _, tc := range tests {
		var v []LabelValue
		for _, s := range tc.values {
			v = append(v, LabelValue{Value: s, Rows: 1})
		}
		if got := GuessSignal(v); got != tc.want {
			t.Errorf("GuessSignal(%v) = %q, want %q", tc.values, got, tc.want)
		}
	}
}

func TestInspectCSV(t *testing.T) {
	in := "\"\";\"u_g\";\"g_r\";\"name\";\"type\"\n\"1\";1,5;2;vega;star\n\"2\";3;x;sirius;RRLyrae\n\"3\";3;4;altair;star\n"
	info, err := InspectCSV(strings.NewReader(in), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Rows != 3 || !info.Dialect.RowIndex || info.Dialect.Delimiter != ';' || !info.Dialect.DecimalComma || len(info.Columns) != 4 {
		t.Fatalf("got %+v", info)
	}
	c := info.Columns
	if !c[0].Numeric || c[1].Numeric || c[1].FirstBad != "x" || c[1].BadLine != 3 || c[3].Numeric {
		t.Errorf("columns %+v", c)
	}
	if !slices.Equal(c[3].Values, []LabelValue{{"star", 2}, {"RRLyrae", 1}}) || c[3].IsBinary() {
		t.Errorf("type column %+v", c[3])
	}
	bin, err := InspectCSV(strings.NewReader("a,label\n1,0\n2,1.0\n"), CSVOptions{})
	if err != nil || !bin.Columns[1].IsBinary() || bin.Columns[0].IsBinary() {
		t.Errorf("binary: %+v %v", bin, err)
	}
	many := "a,b\n"
	for i := range MaxLabelValues + 1 {
		many += strings.Repeat("1", i+1) + ",0\n"
	}
	m, err := InspectCSV(strings.NewReader(many), CSVOptions{})
	if err != nil || m.Columns[0].Values != nil || len(m.Columns[1].Values) != 1 {
		t.Errorf("many values: %v", err)
	}
}
