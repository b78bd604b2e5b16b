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
	if got := a.ImbalanceWords(); !strings.Contains(got, "about 192 background stars") || !strings.Contains(got, "99.5% correct") {
		t.Errorf("ImbalanceWords at 192:1: %q", got)
	}
	if got := a.SpaceWords(); got != "a 4-D space of features" {
		t.Errorf("SpaceWords on an upload: %q", got)
	}
}
