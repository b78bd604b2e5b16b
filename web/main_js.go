//go:build js && wasm

package main

import (
	"fmt"

	"flowlab/web/browser"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

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
	root := &Root{Hash: browser.LocationHash()}
	first := true
	for ok := true; ok; ok = renderer.EventWait() {
		// Build under the read lock, so goroutines that update components
		// (with env.Lock) never run in the middle of a build. Render takes
		// the read lock itself, so it comes after RUnlock.
		env.RLock()
		results := buildEnv.RunBuild(root)
		st := root.state()
		env.RUnlock()
		if err := renderer.Render(results); err != nil {
			return fmt.Errorf("web: render: %w", err)
		}
		publishState(st)
		if first {
			bootDone()
			first = false
		}
	}
	return nil
}
