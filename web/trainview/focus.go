package trainview

import "flowlab/web/browser"

// moveFocus hands the keyboard focus to Pause (or else Stop) after Train
// was pressed: the Train button disables itself once the run starts, and a
// disabled button drops the focus to the page's body, where a keyboard user
// would have to tab through the whole page to reach the run's controls.
func (c *View) moveFocus() {
	if c.focusRun && browser.Current.FocusFirst(c.el, "train-button", "pause-button", "stop-button") {
		c.focusRun = false
	}
}
