package client

import (
	"fmt"
	"slices"
	"sync"

	"flowlab/flow"
	"flowlab/wasm/protocol"
)

// MaxParallelMembers is the largest ensemble whose members train in workers
// of their own at once (StartMembers); a larger one trains its members one
// after the other in one worker, as the CLI does.
const MaxParallelMembers = 4

// StartMembers starts one worker per member of class's K-flow ensemble
// (2 ≤ K ≤ MaxParallelMembers) and returns them as one Conn: what it sends
// goes to every member's worker (Init with the worker's member, see
// protocol.Init.Member), and what they answer reaches deliver as the
// messages of one worker training the members one after the other would
// be: progress summed, epochs numbered member after member, snapshots and
// the end those of the whole ensemble. Each member has its own streams, so
// the ensemble is the one a single worker (or the CLI) trains, sooner.
func StartMembers(start ConnFactory, class, k int, deliver func(Message)) (Conn, error) {
	if k < 2 || k > MaxParallelMembers {
		return nil, fmt.Errorf("client: %d members in parallel, want 2 to %d", k, MaxParallelMembers)
	}
	mc := &memberConn{class: class, deliver: deliver, prog: make([]protocol.Progress, k),
		models: make([]*flow.Model, k), done: make([]*protocol.Done, k), epochs: make([]int, k)}
	mc.turnCond = sync.NewCond(&mc.turnMu)
	for m := range k {
		conn, err := start(class, func(msg Message) { mc.handle(m, msg) })
		if err != nil {
			mc.Close()
			return nil, err
		}
		mc.conns = append(mc.conns, conn)
	}
	return mc, nil
}

// memberConn is StartMembers's Conn.
type memberConn struct {
	class   int
	conns   []Conn
	deliver func(Message)

	mu  sync.Mutex // members deliver on goroutines of their own
	out []Message  // merged messages not yet delivered
	// Batches of merged messages are delivered in the order they were
	// merged: each takes a ticket under mu and waits for its turn.
	tickets, turn int
	turnMu        sync.Mutex
	turnCond      *sync.Cond
	seq           int // numbers the merged messages, as one worker would
	init          protocol.Init
	prog          []protocol.Progress
	models        []*flow.Model
	history       []flow.EpochStats // every member's epochs, numbered as one run
	epochs        []int             // each member's planned epochs
	done          []*protocol.Done
	finished      bool // the merged Done (or a failure) went out
}

// Send implements Conn: an Init goes to each member's worker for its member,
// everything else to every worker still training. It holds no lock while it
// sends, so a worker that answers at once (in-process tests) can.
func (mc *memberConn) Send(m protocol.Message) error {
	mc.mu.Lock()
	var out []protocol.Message
	if in, ok := m.(protocol.Init); ok {
		mc.init, mc.history, mc.finished = in, nil, false
		for k := range mc.conns {
			one := in
			one.Member, one.Settings.Members, one.Workers = k, k+1, 1
			mc.prog[k], mc.models[k], mc.done[k], mc.epochs[k] = protocol.Progress{}, nil, nil, in.Settings.MaxEpochs
			out = append(out, one)
		}
	} else {
		for k := range mc.conns {
			if mc.done[k] != nil {
				out = append(out, nil)
				continue
			}
			out = append(out, m)
			switch m.(type) {
			case protocol.Start, protocol.Resume, protocol.StepEpoch:
				// Asked to run: until it says otherwise, it is running, or
				// the others' pause would read as the whole ensemble's.
				mc.prog[k].State = protocol.StateRunning
			}
		}
	}
	mc.mu.Unlock()
	for k, one := range out {
		if one == nil {
			continue
		}
		if err := mc.conns[k].Send(one); err != nil {
			return err
		}
	}
	return nil
}

// Close implements Conn: it ends every member's worker.
func (mc *memberConn) Close() {
	for _, c := range mc.conns {
		c.Close()
	}
}

// handle merges message m of member k's worker into the ensemble's stream.
// The merged messages are delivered in order, outside mu, so that what
// deliver does may send to the members again.
func (mc *memberConn) handle(k int, m Message) {
	mc.mu.Lock()
	mc.merge(k, m)
	out := mc.out
	mc.out = nil
	ticket := mc.tickets
	mc.tickets++
	mc.mu.Unlock()
	// Wait for the batches merged before this one, holding no lock: the
	// deliveries take the page's render lock, under which Send takes mu.
	mc.turnMu.Lock()
	for mc.turn != ticket {
		mc.turnCond.Wait()
	}
	mc.turnMu.Unlock()
	defer func() {
		mc.turnMu.Lock()
		mc.turn++
		mc.turnCond.Broadcast()
		mc.turnMu.Unlock()
	}()
	for _, o := range out {
		mc.deliver(o)
	}
}

// merge turns message m of member k into the ensemble's messages (in
// mc.out). Call it with mu held.
func (mc *memberConn) merge(k int, m Message) {
	if mc.finished {
		return
	}
	switch m := m.(type) {
	case protocol.Progress:
		if m.Seq >= mc.prog[k].Seq {
			mc.prog[k] = m
		}
		mc.send(mc.progress())
	case protocol.Epoch:
		st := mc.numbered(k, m.Stats)
		i, _ := slices.BinarySearchFunc(mc.history, st, func(a, b flow.EpochStats) int { return a.Epoch - b.Epoch })
		mc.history = slices.Insert(mc.history, i, st)
		mc.send(protocol.Epoch{Class: mc.class, Stats: st})
	case protocol.Snapshot:
		mc.models[k] = m.Model
		if s := mc.snapshot(); s != nil {
			mc.send(*s)
		}
	case protocol.Done:
		mc.done[k] = &m
		if m.Reason == flow.ReasonNonFinite {
			mc.finished = true
			mc.send(m)
			return
		}
		if d := mc.allDone(); d != nil {
			mc.finished = true
			mc.send(mc.progress())
			mc.send(*d)
		}
	case protocol.Failed:
		mc.finished = true
		m.Message = fmt.Sprintf("flow %d of %d: %s", k+1, len(mc.conns), m.Message)
		mc.send(m)
	default:
		mc.send(m)
	}
}

// send numbers m and queues it for delivery.
func (mc *memberConn) send(m Message) {
	mc.seq++
	mc.out = append(mc.out, protocol.Stamp(m, mc.seq))
}

// stepsPerEpoch is the members' steps per epoch (they train on the same
// rows with the same batch), 0 before any reported it.
func (mc *memberConn) stepsPerEpoch() int {
	n := 0
	for _, q := range mc.prog {
		n = max(n, q.StepsPerEpoch)
	}
	return n
}

// offset is how many epochs and steps come before member k's: the planned
// epochs of the members before it, so the numbers do not change as members
// train at once (a member that stops early leaves a gap).
func (mc *memberConn) offset(k int) (epochs, steps int) {
	for j := range k {
		epochs += mc.epochs[j]
	}
	steps = epochs * mc.stepsPerEpoch()
	return epochs, steps
}

// numbered renumbers an epoch of member k as one of the whole run.
func (mc *memberConn) numbered(k int, st flow.EpochStats) flow.EpochStats {
	e, s := mc.offset(k)
	return st.After(k, e, s)
}

// progress sums the members' progress: epochs and steps of the whole
// ensemble; the state, mean loss and workers of the members still training,
// the learning rate of the first of them.
func (mc *memberConn) progress() protocol.Progress {
	p := protocol.Progress{Class: mc.class, State: protocol.StateDone, StepsPerEpoch: mc.stepsPerEpoch(), LR: mc.prog[len(mc.prog)-1].LR}
	states := map[string]int{}
	losses := 0
	for k, q := range mc.prog {
		e := mc.epochs[k]
		p.Epoch += min(q.Epoch, e)
		p.MaxEpochs += e
		p.Step += q.Step
		p.SamplesPerSec += q.SamplesPerSec
		p.Rollbacks += q.Rollbacks
		p.Saturation = max(p.Saturation, q.Saturation)
		p.Seconds = max(p.Seconds, q.Seconds)
		if mc.done[k] == nil {
			if p.Members == 0 {
				p.LR = q.LR // the first member still training
			}
			p.Workers++
			p.Members++
			states[q.State]++
			p.Loss += q.Loss
			losses++
		}
	}
	if losses > 0 {
		p.Loss /= float64(losses)
	}
	switch {
	case states[protocol.StateRunning] > 0:
		p.State = protocol.StateRunning
	case states[protocol.StateIdle] > 0:
		p.State = protocol.StateIdle
	case states[protocol.StatePaused] > 0:
		p.State = protocol.StatePaused
	}
	return p
}

// snapshot is the ensemble of the members that have sent a model so far,
// in member order, as the worker training them one after the other sends
// it: the first member's model with the others as Members, the run's facts
// and history at the top. It is nil before any member sent one.
func (mc *memberConn) snapshot() *protocol.Snapshot {
	var top *flow.Model
	for _, m := range mc.models {
		if m == nil {
			continue
		}
		if top == nil {
			c := *m
			c.Members, c.History = nil, append([]flow.EpochStats(nil), mc.history...)
			if m.Settings != nil {
				s := *m.Settings
				s.Members = mc.init.Settings.Members
				c.Settings = &s
			}
			top = &c
			continue
		}
		top.Members = append(top.Members, &flow.Model{Format: m.Format, Config: m.Config, Shift: m.Shift, Scale: m.Scale, Params: m.Params})
	}
	if top == nil {
		return nil
	}
	return &protocol.Snapshot{Class: mc.class, Model: top}
}

// allDone is the end of the whole ensemble once every member ended (nil
// before): epochs and steps summed, the longest time, the first member's
// reason unless one was cancelled, and the first error.
func (mc *memberConn) allDone() *protocol.Done {
	d := protocol.Done{Class: mc.class}
	for _, m := range mc.done {
		if m == nil {
			return nil
		}
		if d.Reason == "" || m.Reason == flow.ReasonCancelled {
			d.Reason = m.Reason
		}
		d.Epochs += m.Epochs
		d.Steps += m.Steps
		d.Seconds = max(d.Seconds, m.Seconds)
		if d.Error == "" {
			d.Error = m.Error
		}
	}
	return &d
}
