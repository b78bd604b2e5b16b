package browser

import (
	"strconv"

	vjs "github.com/vugu/vugu/js"

	"flowlab/web/plot"
)

// Renderer asks for a render (vugu's event environment, app.Locker).
type Renderer interface {
	Lock()
	UnlockRender()
}

// Chart is the one canvas host every chart uses. Its canvases live inside
// an element vugu renders empty (vugu would reset a canvas it manages), are
// made there the first time, redrawn when what they show or the host's
// width changed, and re-rendered when the host is resized; drawing errors
// go to the console under Name.
type Chart struct {
	Name  string
	Specs []CanvasSpec

	host    vjs.Value
	has     bool
	width   float64
	drawn   string
	watched bool
}

// Prepare makes the canvases inside host (after a render, from
// vg-js-populate or Rendered) and returns host's width, 0 when host is not
// in the page; env gets a render when the host's width changes.
func (c *Chart) Prepare(host vjs.Value, env Renderer) float64 {
	if !c.has || !Current.SameElement(c.host, host) {
		c.host, c.has, c.drawn, c.watched = host, true, "", false
	}
	w, fresh := Current.Canvases(host, c.Specs)
	if fresh {
		c.drawn, c.watched = "", false
	}
	if w > 0 && !c.watched && env != nil {
		Current.WatchResize(host, func() {
			go func() { // never block inside a JS callback
				env.Lock()
				env.UnlockRender()
			}()
		})
		c.watched = true
	}
	c.width = w
	return w
}

// Drawn reports whether the canvases show key at the prepared width.
func (c *Chart) Drawn(key string) bool { return c.width > 0 && c.drawn == c.key(key) }

// key adds the width to what is drawn.
func (c *Chart) key(k string) string { return k + "@" + strconv.FormatFloat(c.width, 'f', 0, 64) }

// Draw draws figs[i] into canvas i (labels[i], if given and not "", as its
// accessible name) and remembers key. It draws nothing when the host is not
// in the page, and reports false after an error (logged).
func (c *Chart) Draw(key string, figs []plot.Figure, labels ...string) bool {
	if c.width <= 0 {
		return false
	}
	for i, f := range figs {
		label := ""
		if i < len(labels) {
			label = labels[i]
		}
		if err := Current.DrawPlot(c.host, i, f, label); err != nil {
			Current.Log("Flow Lab: drawing the " + c.Name + ": " + err.Error())
			return false
		}
	}
	c.drawn = c.key(key)
	return true
}

// Forget makes the next Draw happen even if its key is unchanged.
func (c *Chart) Forget() { c.drawn = "" }
