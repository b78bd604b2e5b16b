//go:build js && wasm

package trainview

import sjs "syscall/js"

// trainSyncControls makes the form controls under root show what the last
// render says. vugu sets attributes only, and a browser stops showing an
// input's value attribute (or an option's selected one) once the visitor
// has edited it; so after each render every control marked data-sync gets
// its property set from its attribute — except the one with the focus,
// which the visitor may be typing into.
func trainSyncControls(root sjs.Value) {
	if !root.Truthy() {
		return
	}
	active := sjs.Global().Get("document").Get("activeElement")
	list := root.Call("querySelectorAll", "[data-sync]")
	for i, n := 0, list.Length(); i < n; i++ {
		el := list.Index(i)
		if el.Equal(active) {
			continue
		}
		switch el.Get("tagName").String() {
		case "SELECT":
			want := el.Call("getAttribute", "data-value")
			if want.Truthy() && el.Get("value").String() != want.String() {
				el.Set("value", want)
			}
		case "INPUT":
			if el.Get("type").String() == "checkbox" {
				want := el.Call("hasAttribute", "checked").Bool()
				if el.Get("checked").Bool() != want {
					el.Set("checked", want)
				}
				continue
			}
			want := el.Call("getAttribute", "value")
			w := ""
			if want.Truthy() {
				w = want.String()
			}
			if el.Get("value").String() != w {
				el.Set("value", w)
			}
		}
	}
}

// syncControls is called after every render of the train view.
func (c *View) syncControls() { trainSyncControls(sjs.Value(c.el)) }
