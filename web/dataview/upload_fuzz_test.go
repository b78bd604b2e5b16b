package dataview

import (
	"strings"
	"testing"
)

// FuzzUpload feeds any bytes to the upload path (inspect, guess the columns,
// parse): it never panics, a refusal keeps the data in use and says what is
// wrong, and a table it accepts has 2–8 features and both classes.
func FuzzUpload(f *testing.F) {
	for _, seed := range []string{
		goodCSV, "", "\x00\xff\xfe", "a;b;label\n1,5;2;0\n3;4;1\n", `"","u_g","g_r","label"` + "\n\"1\",1,2,0\n\"2\",3,4,1\n",
		"x\ty\tlabel\r1\t2\t0\r3\t4\t1\r", "# c\nu,v,type\n1,2,star\n3,4,RRLyrae\n", "a,b,label\n1e200,2,0\n3,4,1\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, env, c := dataViewApp()
		upload(t, env, c, "fuzz.csv", string(b))
		u := c.Upload()
		if a.Data == a.Bundled {
			if u.Message == "" {
				t.Fatalf("refused without a message: %q", b)
			}
			if !strings.HasPrefix(a.Err, "Could not use fuzz.csv: ") {
				t.Fatalf("error %q", a.Err)
			}
			return
		}
		n0, n1 := a.Data.Counts()
		if a.Data.Dim < 2 || a.Data.Dim > 8 || n0 == 0 || n1 == 0 || len(a.Data.Names) != a.Data.Dim {
			t.Fatalf("accepted %d features, %d/%d rows from %q", a.Data.Dim, n0, n1, b)
		}
	})
}
