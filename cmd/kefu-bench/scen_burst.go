package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// burst opens new conversations at 10× the normal rate for the burst duration and measures how
// long each waits for its assignment to appear on the agent stream.
func (b *bench) burst(ctx context.Context, r *Result) error {
	as, err := b.prov.ensureAgents(ctx, b.cfg.BurstAgents)
	if err != nil {
		return err
	}
	var (
		mu        sync.Mutex
		seen      = map[string]time.Time{} // conversation → first event on the agent stream
		assigned  = map[string]time.Time{} // conversation → first event with an assignee
		assignee  = map[string]string{}
		doubles   int
		created   = newIDSet() // conversation → when its start request was sent
		failures  atomic.Int64
		startLats latencies
	)
	observe := func(f *frame) {
		if (f.Type != "conversation.created" && f.Type != "conversation.updated") || f.Conversation == nil {
			return
		}
		now, c := time.Now(), f.Conversation
		mu.Lock()
		defer mu.Unlock()
		if _, ok := seen[c.ID]; !ok {
			seen[c.ID] = now
		}
		if c.AssigneeID == "" {
			return
		}
		if prev, ok := assignee[c.ID]; ok && prev != c.AssigneeID {
			doubles++ // the bench never transfers, so a second assignee is a double assignment
		}
		assignee[c.ID] = c.AssigneeID
		if _, ok := assigned[c.ID]; !ok {
			assigned[c.ID] = now
		}
	}
	conns, err := dialMany(ctx, len(as), 8, func(i int) (*wsClient, error) {
		var on func(*frame)
		if i == 0 {
			on = observe
		}
		return dialWS(ctx, b.api.wsURL("/api/v1/ws"), agentHello(as[i].Token), on)
	})
	if err != nil {
		return err
	}
	defer closeAll(conns)
	rate := 10 * b.cfg.BurstRate
	n := int(float64(rate) * b.cfg.BurstDuration.Seconds())
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(rate))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			first := map[string]string{"client_msg_id": fmt.Sprintf("%s-burst-%d", b.prov.run, i), "content": stamp(t0)}
			v, err := b.prov.newVisitor(ctx, first)
			if err != nil {
				failures.Add(1)
				b.log.Warn("burst: start conversation", "err", err)
				return
			}
			startLats.add(time.Since(v.Started))
			created.add(v.ConvID, v.Started)
		}()
	}
	wg.Wait()
	offered := time.Since(start)
	complete := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(assigned) >= created.len()
	}
	waitFor(15*time.Second, complete)
	var lat latencies
	lost, unassigned := 0, 0
	mu.Lock()
	for _, id := range created.keys() {
		t0, _ := created.get(id)
		at, ok := assigned[id]
		switch _, saw := seen[id]; {
		case ok:
			lat.add(at.Sub(t0))
		case saw:
			unassigned++
		default:
			lost++
		}
	}
	dbl := doubles
	mu.Unlock()
	r.add("burst rate offered", float64(rate), "conv/s")
	r.add("burst rate achieved", float64(created.len())/offered.Seconds(), "conv/s")
	r.add("conversations started", float64(created.len()), "")
	r.summary("start-conversation request", startLats.summary(), 0)
	r.summary("start → assignment on agent stream", lat.summary(), 50)
	r.check("start requests failed", float64(failures.Load()), "", true, 0)
	r.check("double assignments", float64(dbl), "", true, 0)
	r.check("conversations lost (never on the agent stream)", float64(lost), "", true, 0)
	r.check("conversations left unassigned", float64(unassigned), "", true, 0)
	r.note("assignment latency runs from sending POST /api/v1/widget/conversations (after the widget session) to the agent stream showing the assignee; %d agents online with capacity %d", len(as), b.cfg.AgentCapacity)
	return nil
}
