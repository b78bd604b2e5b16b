package main

import (
	"bytes"
	"sync"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

// renderStatic builds component c once and returns its static HTML.
func renderStatic(t *testing.T, c vugu.Builder) string {
	t.Helper()
	var mu sync.RWMutex
	env := vugu.NewEventEnvImpl(&mu, make(chan bool, 1))
	buildEnv, err := vugu.NewBuildEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := staticrender.New(&buf).Render(buildEnv.RunBuild(c)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
