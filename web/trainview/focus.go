package trainview

import "github.com/vugu/vugu/js"

// moveFocus hands the keyboard focus to Pause (or else Stop) after Train
// was pressed: the Train button disables itself once the run starts, and a
// disabled button drops the focus to the page's body, where a keyboard user
// would have to tab through the whole page to reach the run's controls.
func (c *View) moveFocus() {
	if !c.focusRun || !c.el.Truthy() {
		return
	}
	active := js.Global().Get("document").Get("activeElement")
	if active.Truthy() && active.Get("tagName").String() != "BODY" &&
		active.Call("getAttribute", "data-testid").String() != "train-button" {
		c.focusRun = false // the visitor moved on
		return
	}
	for _, id := range []string{"pause-button", "stop-button"} {
		b := c.el.Call("querySelector", `[data-testid="`+id+`"]`)
		if b.Truthy() && !b.Get("disabled").Bool() {
			b.Call("focus")
			c.focusRun = false
			return
		}
	}
}
