package plot

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 0.9, 3, []float64{0, 0.2, 0.4, 0.6, 0.8}},
		{-3.2, 7.9, 5, []float64{-2, 0, 2, 4, 6}},
		{0.7, 1.35, 4, []float64{0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3}},
		{5, 5, 4, []float64{5}},
		// Narrow for their size: these looped for ever (k+1 == k past 2^53).
		{1e17, 1e17 + 96, 5, []float64{1e17}}, // 12 significant digits make them one
		{-1e300, -1e300 * (1 - 1e-15), 4, []float64{-1e300}},
	}
	for _, c := range cases {
		got := NiceTicks(c.lo, c.hi, c.n)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
		}
	}
}

// FuzzTicks: for any range, NiceTicks and LogTicks end, with at most
// maxTicks ascending ticks.
func FuzzTicks(f *testing.F) {
	f.Add(0.0, 1.0, 5)
	f.Add(1e17, 1e17+100, 5)
	f.Add(-1e308, 1e308, 3)
	f.Add(5e-324, 1e308, 4)
	f.Add(math.Inf(-1), math.NaN(), 0)
	f.Fuzz(func(t *testing.T, lo, hi float64, n int) {
		n %= 64
		for name, ticks := range map[string][]float64{"NiceTicks": NiceTicks(lo, hi, n), "LogTicks": LogTicks(lo, hi)} {
			if len(ticks) == 0 || len(ticks) > maxTicks {
				t.Fatalf("%s(%v, %v, %d): %d ticks", name, lo, hi, n, len(ticks))
			}
			for i := 1; i < len(ticks); i++ {
				if !(ticks[i] > ticks[i-1]) {
					t.Fatalf("%s(%v, %v, %d) not ascending: %v", name, lo, hi, n, ticks)
				}
			}
		}
	})
}

func TestLogTicks(t *testing.T) {
	if got := LogTicks(0.5, 2000); !reflect.DeepEqual(got, []float64{1, 10, 100, 1000}) {
		t.Errorf("LogTicks(0.5, 2000) = %v", got)
	}
	if got := LogTicks(1e-20, 1); len(got) > 8 || got[len(got)-1] != 1 {
		t.Errorf("LogTicks(1e-20, 1) = %v: want at most 8 ending at 1", got)
	}
}

func TestFormatTick(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.25: "0.25", 1: "1", 20000: "20k", 1e-4: "0.0001", -2.5e-5: "-2.5e-05", 3e7: "3e+07"} {
		if got := FormatTick(v); got != want {
			t.Errorf("FormatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestRange(t *testing.T) {
	lo, hi := Range([]float64{3, math.NaN(), -1, math.Inf(1), 2}, false)
	if lo != -1 || hi != 3 {
		t.Errorf("Range = %v, %v", lo, hi)
	}
	lo, hi = Range([]float64{-1, 0, 5, 50}, true)
	if lo != 5 || hi != 50 {
		t.Errorf("positive Range = %v, %v", lo, hi)
	}
	if lo, hi = Range(nil, false); lo != 0 || hi != 1 {
		t.Errorf("empty Range = %v, %v", lo, hi)
	}
}

// TestEncode checks that the spec refers to the right payload arrays and
// resolves axes.
func TestEncode(t *testing.T) {
	f := Figure{Cols: 2, Panels: []Panel{
		{Title: "loss", X: Axis{Label: "step"}, Y: Axis{Label: "NLL"},
			Series: []Series{{Name: "train", Kind: Line, Color: Blue, X: []float64{0, 1, 2}, Y: []float64{3, 2, 1}}},
			Marks:  []Mark{{X: 1.5, Label: "cut", Color: Grey}}},
		{Heatmap: &Heatmap{NX: 2, NY: 1, X0: -1, X1: 1, Y0: 0, Y1: 2, Values: []float64{0.1, 0.3}},
			Series: []Series{{Kind: Points, Color: Orange, X: []float64{0}, Y: []float64{1}, Colors: []float64{0.5}}}},
	}}
	b, arrays, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Cols   int
		Panels []struct {
			X, Y   Axis
			Series []struct{ XI, YI, CI int }
			Heat   *struct {
				VI       int
				Min, Max float64
			} `json:"heatmap"`
		}
	}
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if w.Cols != 2 || len(w.Panels) != 2 || len(arrays) != 6 {
		t.Fatalf("cols %d, %d panels, %d arrays: %s", w.Cols, len(w.Panels), len(arrays), b)
	}
	s := w.Panels[0].Series[0]
	if !reflect.DeepEqual(arrays[s.XI], []float64{0, 1, 2}) || !reflect.DeepEqual(arrays[s.YI], []float64{3, 2, 1}) || s.CI != -1 {
		t.Errorf("series 0 refs %+v", s)
	}
	if x := w.Panels[0].X; x.Min >= 0 || x.Max <= 2 || len(x.Ticks) == 0 || len(x.TickLabels) != len(x.Ticks) {
		t.Errorf("x axis not padded around the data: %+v", x)
	}
	p1 := w.Panels[1]
	if p1.Heat == nil || !reflect.DeepEqual(arrays[p1.Heat.VI], []float64{0.1, 0.3}) || p1.Heat.Min != 0.1 || p1.Heat.Max != 0.3 {
		t.Errorf("heatmap %+v", p1.Heat)
	}
	if p1.Series[0].CI < 0 || !reflect.DeepEqual(arrays[p1.Series[0].CI], []float64{0.5}) {
		t.Errorf("per-point colours not sent")
	}
}
