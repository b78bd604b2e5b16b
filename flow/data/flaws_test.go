package data

import (
	"reflect"
	"testing"
)

func TestFlaws(t *testing.T) {
	tests := []struct {
		name string
		x    []float64 // rows of 3 features
		y    []int
		want []Flaw
	}{
		{"none", []float64{1, 2, 3, 4, 5, 6, 7, 8, 0}, []int{0, 0, 1}, nil},
		{"constant in every row", []float64{1, 2, 3, 1, 5, 6, 1, 8, 0, 1, 0, 2}, []int{0, 0, 1, 1},
			[]Flaw{{Feature: 0, Class: 0, Value: 1, Same: -1}}},
		{"constant in class 1 only", []float64{1, 2, 3, 4, 5, 6, 7, 9, 0, 8, 9, 2}, []int{0, 0, 1, 1},
			[]Flaw{{Feature: 1, Class: 1, Value: 9, Same: -1}}},
		{"a class of one row is no spike", []float64{1, 2, 3, 4, 5, 6, 7, 8, 0}, []int{0, 1, 0}, nil},
		{"two equal features", []float64{1, 2, 1, 3, 4, 3, 5, 6, 5}, []int{0, 0, 1},
			[]Flaw{{Feature: 2, Class: -1, Same: 0}}},
		{"equal and constant: said once", []float64{1, 1, 0, 1, 1, 2, 1, 1, 3, 1, 1, 4}, []int{0, 0, 1, 1},
			[]Flaw{{Feature: 0, Class: 0, Value: 1, Same: -1}, {Feature: 1, Class: 0, Value: 1, Same: -1}}},
	}
	for _, tc := range tests {
		d := &Dataset{Names: []string{"a", "b", "c"}, Dim: 3, X: tc.x, Y: tc.y}
		if got := Flaws(d); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Flaws = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
