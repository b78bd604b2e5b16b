package app_test

import (
	"strings"
	"testing"

	"flowlab/flow/data"
	. "flowlab/web/app"
	"flowlab/web/internal/webtest"
)

// TestWordsFollowTheData: no RR Lyrae wording on a balanced 2-D set, the
// paper's numbers computed from the counts on unbalanced data.
func TestWordsFollowTheData(t *testing.T) {
	a := NewApp("")
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	if got := a.SpaceWords(); got != "the plane (2 features)" {
		t.Errorf("SpaceWords on a 2-D set: %q", got)
	}
	if got := a.FeatureWords(); got != "these two features" {
		t.Errorf("FeatureWords on a 2-D set: %q", got)
	}
	if got := a.ImbalanceWords(); got != "" {
		t.Errorf("ImbalanceWords on balanced data: %q", got)
	}
	d := &data.Dataset{Names: []string{"a", "b", "c", "d"}, Dim: 4}
	for i := range 193 {
		y := 0
		if i == 0 {
			y = 1
		}
		d.X, d.Y = append(d.X, float64(i), 1, 2, 3), append(d.Y, y)
	}
	a.SetData(d, "mine", DatasetUpload)
	if got := a.ImbalanceWords(); !strings.Contains(got, "about 192 points of class 0 for every point of class 1") || !strings.Contains(got, "99.5% correct") {
		t.Errorf("ImbalanceWords at 192:1, features a–d: %q", got)
	}
	d.Names = []string{"u_g", "g_r", "r_i", "i_z"}
	a.SetData(d, "mine", DatasetUpload)
	if got := a.ImbalanceWords(); !strings.Contains(got, "about 192 background stars for every RR Lyrae") {
		t.Errorf("ImbalanceWords at 192:1, the SDSS colours: %q", got)
	}
	if got := a.SpaceWords(); got != "a 4-D space of features" {
		t.Errorf("SpaceWords on an upload: %q", got)
	}
}

// TestClassWordsFollowTheData: the classes are the paper's "background" and
// "RR Lyrae" for the SDSS colours (and before any data), "class 0" and
// "class 1" for any other table, in every text App.Words fills in.
func TestClassWordsFollowTheData(t *testing.T) {
	a := NewApp("")
	if got := a.ClassNames(); got != [2]string{"background", "RR Lyrae"} {
		t.Errorf("ClassNames before data: %q", got)
	}
	const text = "{0s} and {1s}: a {row} of {0}, {rows} of {1}."
	a.SetData(webtest.ToyData(t), "Two Gaussians", "gaussians")
	for _, c := range []struct{ got, want string }{
		{a.Words(text), "class-0 points and class-1 points: a point of class 0, points of class 1."},
		{a.TFormula(), "t = ln p(x | class 0) − ln p(x | class 1)"},
		{a.TourData(), "Each point lies in the plane (2 features). The two classes fill different regions, so if we knew the probability density of each class, p(x | class 0) and p(x | class 1), we could tell them apart."},
		{a.DataCredit(), `Data: Two Gaussians, a teaching set generated in this page from its seed. Method: Moske (2022), "Normalizing Flows". Everything runs in this browser tab.`},
	} {
		if c.got != c.want {
			t.Errorf("on a 2-D set: %q, want %q", c.got, c.want)
		}
	}
	for _, f := range TrainFields {
		if l, h := f.LabelFor(a)+f.HelpFor(a), "RR Lyrae"; strings.Contains(l, h) || strings.Contains(l, "{") {
			t.Errorf("field %s on a 2-D set: %q", f.Key, l)
		}
	}
	d := &data.Dataset{Names: []string{"u_g", "g_r", "r_i", "i_z"}, Dim: 4, X: []float64{0, 1, 2, 3, 1, 2, 3, 4}, Y: []int{0, 1}}
	a.SetData(d, "stars.csv", DatasetUpload)
	if got, want := a.Words(text), "background stars and RR Lyrae: a star of background, stars of RR Lyrae."; got != want {
		t.Errorf("on the SDSS colours: %q, want %q", got, want)
	}
	if got := a.DataCredit(); !strings.HasPrefix(got, "Data: your file stars.csv, read in this page.") {
		t.Errorf("DataCredit of an upload: %q", got)
	}
}
