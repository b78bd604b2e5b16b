package dataview

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"flowlab/flow"
	"flowlab/flow/experiment"
	"flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// pretrainedApp is dataViewApp with a (small, untrained) pretrained
// classifier for the bundled colours u_g, g_r, r_i, i_z shown.
func pretrainedApp(t *testing.T) (*app.App, *webtest.LockEnv, *View) {
	a, env, c := dataViewApp()
	var flows [2]*flow.Flow
	var models [2]*flow.Model
	for k := range 2 {
		f, err := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 4, Layers: 2, Hidden: 1, Units: 8}, rand.New(rand.NewPCG(uint64(k), 5)))
		if err != nil {
			t.Fatal(err)
		}
		flows[k], models[k] = f, f.Model()
	}
	a.SetPretrained(experiment.NewPair("quick", 1, a.Bundled.Names, a.Bundled.Checksum(), models), flows, "pretrained")
	if a.Shown.Pair == nil {
		t.Fatal("the pretrained classifier is not shown")
	}
	return a, env, c
}

// colourRows writes n rows of four colours and a label as the row function
// formats them (row index i, the values, label 0 or 1).
func colourRows(n int, row func(i int, v [4]float64, label int) string) string {
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	for i := range n {
		var v [4]float64
		for j := range v {
			v[j] = float64(int(rng.NormFloat64()*1000)) / 1000
		}
		b.WriteString(row(i, v, i%3/2))
	}
	return b.String()
}

// TestUploadEverydayDialects reads the files spreadsheets, R and pandas
// write (issue 11, item 6): each loads, says how it was read, keeps the
// pretrained classifier when its columns are the bundled colours (in any
// order), and maps labels that are not 0/1 to the signal value guessed.
func TestUploadEverydayDialects(t *testing.T) {
	plain := func(sep string, dec func(float64) string) func(int, [4]float64, int) string {
		return func(i int, v [4]float64, y int) string {
			return strings.Join([]string{dec(v[0]), dec(v[1]), dec(v[2]), dec(v[3]), fmt.Sprint(y)}, sep) + "\n"
		}
	}
	g := func(x float64) string { return fmt.Sprint(x) }
	comma := func(x float64) string { return strings.Replace(fmt.Sprint(x), ".", ",", 1) }
	quoted := func(x float64) string { return `"` + fmt.Sprint(x) + `"` }
	tests := []struct {
		name, content string
		dialect       string // a substring of the dialect line
		signal        string // the signal value guessed ("" for 0/1)
	}{
		{"quoted.csv", `"u_g","g_r","r_i","i_z","label"` + "\n" + colourRows(40, plain(",", quoted)), "comma-separated", ""},
		{"r-write-csv.csv", `"u_g","g_r","r_i","i_z","label"` + "\n" + colourRows(40, plain(",", g)), "comma-separated", ""},
		{"r-rownames.csv", `"","u_g","g_r","r_i","i_z","label"` + "\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return fmt.Sprintf("%q,", fmt.Sprint(i+1)) + plain(",", g)(i, v, y)
		}), "first column is a row index", ""},
		{"pandas.csv", ",u_g,g_r,r_i,i_z,label\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return fmt.Sprint(i) + "," + plain(",", g)(i, v, y)
		}), "first column is a row index", ""},
		{"european.csv", "u_g;g_r;r_i;i_z;label\n" + colourRows(40, plain(";", comma)), "semicolon-separated, decimal commas", ""},
		{"tabs.tsv", "u_g\tg_r\tr_i\ti_z\tlabel\n" + colourRows(40, plain("\t", g)), "tab-separated", ""},
		{"comments.csv", "# made by hand\n# colours of stars\nu_g,g_r,r_i,i_z,label\n" + colourRows(40, plain(",", g)), "2 comment lines skipped", ""},
		{"cr.csv", strings.ReplaceAll("u_g,g_r,r_i,i_z,label\n"+colourRows(40, plain(",", g)), "\n", "\r"), "CR line ends", ""},
		{"order.csv", "label,i_z,G_R,u_g,r_i\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return fmt.Sprintf("%d,%v,%v,%v,%v\n", y, v[3], v[1], v[0], v[2])
		}), "comma-separated", ""},
		{"truefalse.csv", "u_g,g_r,r_i,i_z,is_rrlyrae\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return plain(",", g)(i, v, 0)[:len(plain(",", g)(i, v, 0))-2] + []string{"false", "true"}[y] + "\n"
		}), "comma-separated", "true"},
		{"yesno.csv", "u_g,g_r,r_i,i_z,variable\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return plain(",", g)(i, v, 0)[:len(plain(",", g)(i, v, 0))-2] + []string{"no", "yes"}[y] + "\n"
		}), "comma-separated", "yes"},
		{"types.csv", "u_g,g_r,r_i,i_z,type\n" + colourRows(40, func(i int, v [4]float64, y int) string {
			return plain(",", g)(i, v, 0)[:len(plain(",", g)(i, v, 0))-2] + []string{"star", "RRLyrae"}[y] + "\n"
		}), "comma-separated", "RRLyrae"},
	}
	for _, tc := range tests {
		a, env, c := pretrainedApp(t)
		upload(t, env, c, tc.name, tc.content)
		f := c.Upload()
		if f.Message != "" || a.Data == a.Bundled {
			t.Errorf("%s: refused: %s", tc.name, f.Message)
			continue
		}
		if !slices.Equal(a.Data.Names, []string{"u_g", "g_r", "r_i", "i_z"}) || a.Data.Len() != 40 {
			t.Errorf("%s: names %v, %d rows", tc.name, a.Data.Names, a.Data.Len())
		}
		if n0, n1 := a.Data.Counts(); n0 != 27 || n1 != 13 {
			t.Errorf("%s: classes %d/%d, want 27/13", tc.name, n0, n1)
		}
		if !strings.HasPrefix(f.Dialect, "Read as ") || !strings.Contains(f.Dialect, tc.dialect) {
			t.Errorf("%s: dialect %q, want %q", tc.name, f.Dialect, tc.dialect)
		}
		if f.Cols.Signal != tc.signal {
			t.Errorf("%s: signal %q, want %q", tc.name, f.Cols.Signal, tc.signal)
		}
		if a.Shown.Pair == nil || a.Shown.Label != "pretrained" || a.Shown.Eval == nil {
			t.Errorf("%s: the pretrained classifier was dropped (label %q)", tc.name, a.Shown.Label)
		}
		html := webtest.RenderStatic(t, c)
		if !strings.Contains(html, `data-testid="upload-dialect"`) || (tc.signal != "" && !strings.Contains(html, `data-testid="signal-select"`)) {
			t.Errorf("%s: the view does not show the dialect or the signal choice", tc.name)
		}
	}
}

// TestUploadRefusalsNameLineAndColumn: a bad value in a semicolon file, a
// quote gone wrong and a 17,000-character name are refused naming the line
// (and the column), and the data in use stays.
func TestUploadRefusalsNameLineAndColumn(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"semi.csv", "a;b;label\n1,5;2;0\n3;x,y;1\n", `line 3, column "b": not a number: "x,y"`},
		{"quote.csv", "a,b,label\n1,\"2,0\n3,4,1\n", "line 2: bad quoting"},
		{"long.csv", strings.Repeat("a", 17000) + ",b,label\n1,2,0\n3,4,1\n", "line 1: column name too long: column 1's name is 17000 bytes long"},
		{"huge.csv", "a,b,label\n1,2,0\n1e200,4,1\n", `line 3, column "a": value too large`},
		{"wide.csv", wideHeader(300) + "label\n" + strings.Repeat("1,", 300) + "0\n", "wrong number of fields: the header line (the first that is not a # comment) has 301 columns; Flow Lab reads tables of at most 256"},
		{"binary.csv", "\x00\x01\xff\xfe,\x80\n\x00,\x01\n", "line 1: no header line: the header is not UTF-8 text"},
	}
	for _, tc := range tests {
		a, env, c := pretrainedApp(t)
		upload(t, env, c, tc.name, tc.content)
		if f := c.Upload(); !strings.HasPrefix(f.Message, tc.want) {
			t.Errorf("%s: message %.120q, want %q", tc.name, f.Message, tc.want)
		}
		if a.Data != a.Bundled || a.Shown.Pair == nil {
			t.Errorf("%s: the data in use or its classifier changed", tc.name)
		}
		if len(a.Err) > 1100 {
			t.Errorf("%s: an error of %d bytes", tc.name, len(a.Err))
		}
	}
}

// wideHeader names n columns c1,…,cn, each followed by a comma.
func wideHeader(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "c%d,", i+1)
	}
	return b.String()
}
