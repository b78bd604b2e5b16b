package app

import (
	"fmt"
	"os"
	"runtime/debug"

	"flowlab/web/format"
)

// maxErrorText is the longest error message the page shows; an error that
// quotes a file (a 10 MB header line) is shortened to it.
const maxErrorText = 1000

// safely runs f and turns a panic in it into an error shown in the page, so
// an internal error in one action or message never stops the program.
func (a *App) safely(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			LogPanic(what, r)
			a.Recovered(what, r)
		}
	}()
	f()
}

// Recovered reports a panic caught while doing what (e.g. "handling a click").
// Call it with the render lock held.
func (a *App) Recovered(what string, r any) {
	a.Err = format.Clip(fmt.Sprintf("Flow Lab hit an internal error while %s and skipped it (%v). The data in use and the shown results are kept; you can go on.", what, r), maxErrorText)
}

// LogPanic writes a recovered panic and its stack to the browser console.
func LogPanic(what string, r any) {
	fmt.Fprintf(os.Stderr, "flowlab: recovered from a panic while %s: %v\n%s", what, r, debug.Stack())
}
