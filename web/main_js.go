//go:build js && wasm

package main

import (
	"fmt"
	"runtime/debug"

	"flowlab/web/app"
	"flowlab/web/browser"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

// startupGCPercent is GOGC while the page starts (see run).
const startupGCPercent = 800

// mountPoint is the CSS selector of the element index.html reserves for the
// UI; vugu's domrender takes it over (its tag must match root.vugu's).
const mountPoint = "#vugu_mount_point"

func main() {
	if err := run(); err != nil {
		bootFail("Flow Lab stopped: " + err.Error())
		panic(err)
	}
}

// run mounts Root and renders it after every event until the page goes away.
func run() error {
	renderer, err := domrender.New(mountPoint)
	if err != nil {
		return fmt.Errorf("web: mounting on %s: %w", mountPoint, err)
	}
	defer renderer.Release()

	buildEnv, err := vugu.NewBuildEnv(renderer.EventEnv())
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	env := renderer.EventEnv()
	installBench()
	root := &Root{Hash: browser.Current.LocationHash(), DataShown: make(chan struct{})}
	guard := &handlerGuard{onPanic: func(what string, r any) {
		if root.App != nil {
			root.App.Recovered("handling a "+what, r)
		}
	}}
	installUnloadPrompt()
	// Until the data is on screen the heap only grows (the table, its
	// statistics, the first render): collecting at every doubling from a few
	// megabytes would mark the same live data again and again (Go's wasm
	// runtime collects on the page's only thread).
	normalGC := debug.SetGCPercent(startupGCPercent)
	first, failedRenders := true, 0
	for ok := true; ok; ok = renderer.EventWait() {
		// Build under the read lock, so goroutines that update components
		// (with env.Lock) never run in the middle of a build. Render takes
		// the read lock itself, so it comes after RUnlock.
		env.RLock()
		results, st, buildErr := safeBuild(buildEnv, root, guard)
		env.RUnlock()
		if buildErr == nil {
			buildErr = renderer.Render(results)
		}
		if buildErr != nil {
			// A failed build or render leaves the page as it was drawn
			// last; say so once and go on (a second failure in a row
			// waits for the next event instead of looping).
			failedRenders++
			env.Lock()
			if root.App != nil {
				root.App.Recovered("drawing the page", buildErr)
			}
			if failedRenders == 1 {
				env.UnlockRender()
			} else {
				env.UnlockOnly()
			}
			continue
		}
		failedRenders = 0
		publishState(st)
		root.DataRendered(st)
		if st.Ready && normalGC != 0 {
			debug.SetGCPercent(normalGC)
			normalGC = 0
		}
		if first {
			bootDone()
			first = false
		}
	}
	return nil
}

// safeBuild builds root and guards its output, turning a panic in a
// component's build into an error.
func safeBuild(env *vugu.BuildEnv, root *Root, g *handlerGuard) (results *vugu.BuildResults, st pageState, err error) {
	defer func() {
		if r := recover(); r != nil {
			app.LogPanic("building the page", r)
			err = fmt.Errorf("%v", r)
		}
	}()
	results = env.RunBuild(root)
	g.guard(results)
	return results, root.state(), nil
}
