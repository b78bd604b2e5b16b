package browser

import (
	"testing"

	vjs "github.com/vugu/vugu/js"

	"flowlab/web/plot"
)

// TestChartDrawsOncePerKeyAndWidth checks the canvas host against the fake
// page: nothing is drawn while the host has no width, a key is drawn once
// at a width, and a new width or key draws again.
func TestChartDrawsOncePerKeyAndWidth(t *testing.T) {
	fake := &Fake{}
	saved := Current
	Current = fake
	defer func() { Current = saved }()

	c := Chart{Name: "test chart", Specs: []CanvasSpec{{Class: "c", TestID: "t"}}}
	fig := plot.Figure{Height: 50}
	draw := func(key string) bool {
		w := c.Prepare(vjs.Value{}, nil)
		if w <= 0 || c.Drawn(key) {
			return false
		}
		return c.Draw(key, []plot.Figure{fig})
	}
	if draw("a") {
		t.Fatal("drew into a host without width")
	}
	fake.Width = 640
	if !draw("a") {
		t.Fatal("did not draw key a at width 640")
	}
	if draw("a") {
		t.Fatal("drew key a twice at the same width")
	}
	fake.Width = 320
	if !draw("a") {
		t.Fatal("did not redraw key a at a new width")
	}
	if !draw("b") {
		t.Fatal("did not draw a new key")
	}
	if len(fake.Drawn) != 3 {
		t.Fatalf("%d figures drawn, want 3", len(fake.Drawn))
	}
	if len(fake.Logs) != 0 {
		t.Fatalf("errors logged: %v", fake.Logs)
	}
}
