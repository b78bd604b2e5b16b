package format

import (
	"math"
	"strconv"
	"testing"
)

func TestGroupThousands(t *testing.T) {
	// Expected strings written by hand in the en-US convention.
	tests := []struct {
		n    int
		want string
	}{
		{0, "0"},
		{7, "7"},
		{483, "483"},
		{999, "999"},
		{1000, "1,000"},
		{92658, "92,658"},
		{93141, "93,141"},
		{100000, "100,000"},
		{1234567, "1,234,567"},
		{-1, "-1"},
		{-1234, "-1,234"},
		{-123456, "-123,456"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tc := range tests {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%s) = %q, want %q", strconv.Itoa(tc.n), got, tc.want)
		}
	}
}

func TestFeatureTitle(t *testing.T) {
	for in, want := range map[string]string{"u_g": "u − g", "i_z": "i − z", "x1": "x1", "a_b": "a_b", "u_gg": "u_gg", "": ""} {
		if got := FeatureTitle(in); got != want {
			t.Errorf("FeatureTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{"": "", "class 0": "Class 0", "background": "Background", "RR Lyrae": "RR Lyrae", "été": "Été"} {
		if got := Capitalize(in); got != want {
			t.Errorf("Capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}
