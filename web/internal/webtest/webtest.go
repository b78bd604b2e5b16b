// Package webtest holds what the UI packages' tests share: a render lock
// that counts renders, training workers on goroutines, small datasets and
// an app with a classifier adopted, and a static render of a component.
package webtest

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"

	"flowlab/flow"
	"flowlab/flow/data"
	"flowlab/flow/experiment"
	"flowlab/wasm/client"
	"flowlab/wasm/driver"
	"flowlab/web/app"
)

// LockEnv is an app.Locker that counts renders.
type LockEnv struct {
	sync.Mutex
	Renders int
}

// UnlockOnly implements app.Locker.
func (e *LockEnv) UnlockOnly() { e.Unlock() }

// UnlockRender implements app.Locker, counting the render.
func (e *LockEnv) UnlockRender() { e.Renders++; e.Unlock() }

// Locked runs f holding e's lock.
func (e *LockEnv) Locked(f func()) {
	e.Lock()
	defer e.Unlock()
	f()
}

// goConn runs a driver on its own goroutine, like a Web Worker.
type goConn struct {
	in     chan client.Message
	cancel context.CancelFunc
}

func (c *goConn) Send(m client.Message) error { c.in <- m; return nil }
func (c *goConn) Close()                      { c.cancel() }

// GoConns is an app.ConnFactory of in-process drivers, each on its own
// goroutine, delivering each worker's messages in order, one at a time, as
// a Web Worker's onmessage does.
func GoConns(class int, deliver func(client.Message)) (client.Conn, error) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &goConn{in: make(chan client.Message, 64), cancel: cancel}
	out := make(chan client.Message, 4096)
	d := driver.NewDriver(func(m client.Message) { out <- m })
	// Under GOOS=js goroutines are never preempted: a running driver must
	// yield between slices, as the worker's does, or the other class starves.
	d.Yield = runtime.Gosched
	go func() {
		for {
			select {
			case m := <-out:
				deliver(m)
			case <-ctx.Done():
				return
			}
		}
	}()
	go d.Run(ctx, c.in)
	return c, nil
}

// ToyData is 600 rows of the two-Gaussians teaching set.
func ToyData(t testing.TB) *data.Dataset {
	d, err := data.Toy("gaussians", 600, 0.1, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// WaitPhase polls the session phase under the lock until it is want and
// the run's flows have been judged.
func WaitPhase(t testing.TB, a *app.App, env *LockEnv, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		env.Lock()
		ph, judging := a.Session.Phase, a.Judging()
		env.Unlock()
		if ph == want && !judging {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("phase never became %s", want)
}

// StartTraining opens an app with the given URL hash on two Gaussians and
// starts training through goroutine workers.
func StartTraining(t testing.TB, hash string) (*app.App, *LockEnv) {
	t.Helper()
	env := &LockEnv{}
	a := app.NewApp(hash)
	a.Env, a.NewConn = env, GoConns
	a.SetData(ToyData(t), "Two Gaussians", "gaussians")
	env.Lock()
	defer env.Unlock()
	if err := a.Train(); err != nil {
		t.Fatal(err)
	}
	return a, env
}

// WaitScored is called holding env's lock: it lets the background scoring
// run until a.Shown.Eval is set, and returns holding the lock again.
func WaitScored(t testing.TB, a *app.App, env *LockEnv) {
	t.Helper()
	env.Unlock()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) { // a hang guard
		env.Lock()
		if a.Shown.Eval != nil {
			return
		}
		env.Unlock()
	}
	env.Lock()
	t.Fatal("the scores never arrived")
}

// AdoptedApp returns an app on two Gaussians with a small untrained Real
// NVP pair adopted (scored on the validation split at once: the app has no
// render environment yet).
func AdoptedApp(t testing.TB) *app.App {
	t.Helper()
	a := app.NewApp("view=results&cut=-0.5")
	a.SetData(ToyData(t), "Two Gaussians", "gaussians")
	var flows [2]*flow.Flow
	var models [2]*flow.Model
	for c := range 2 {
		f, err := flow.New(flow.Config{Model: flow.ModelRealNVP, Dim: 2, Layers: 2, Hidden: 1, Units: 8}, rand.New(rand.NewPCG(uint64(c), 9)))
		if err != nil {
			t.Fatal(err)
		}
		flows[c], models[c] = f, f.Model()
	}
	models[0].History = []flow.EpochStats{{Epoch: 1, Steps: 10, TrainLoss: 2.1, TestLoss: 2.2}}
	p := experiment.NewPair("quick", 1, a.Data.Names, a.Data.Checksum(), models)
	if err := a.AdoptPair(p, flows, "test pair"); err != nil {
		t.Fatal(err)
	}
	return a
}

// RenderStatic builds component c once and returns its static HTML.
func RenderStatic(t testing.TB, c vugu.Builder) string {
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

// TinyDataset has 3 background rows and 2 RR Lyrae rows; its numbers are
// made up, only the labels and names matter here.
func TinyDataset() *data.Dataset {
	return &data.Dataset{
		Names: []string{"u_g", "g_r", "r_i", "i_z"},
		Dim:   4,
		X: []float64{
			1.0, 0.3, 0.1, 0.05,
			1.1, 0.1, 0.0, 0.0,
			0.9, 0.3, 0.1, 0.07,
			1.2, 0.1, 0.02, -0.01,
			0.8, 0.35, 0.12, 0.06,
		},
		Y: []int{0, 1, 0, 1, 0},
	}
}

// Gauss4 is n rows of four made-up features, alternately labelled 0 and 1.
func Gauss4(n int) *data.Dataset {
	d := &data.Dataset{Names: []string{"a", "b", "c", "d"}, Dim: 4, X: make([]float64, 4*n), Y: make([]int, n)}
	for i := range n {
		for j := range 4 {
			d.X[4*i+j] = float64((i*7+j*13)%17) / 17
		}
		d.Y[i] = i % 2
	}
	return d
}
