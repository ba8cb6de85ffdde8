package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// burst is the routing issue's scenario: BurstAgents agents online (capacity high enough)
// connected as the workspace connects (hello views, --burst-views; none = the hello of a
// client from before views, which gets every event), then new visitors at BurstRate a second
// for BurstDuration, each doing the widget's start-up as this branch's widget does it: open
// a widget session (POST /api/v1/widget/sessions), open its socket (GET /api/v1/widget/ws,
// hello), start the conversation with its first message (POST /api/v1/widget/conversations).
// It measures admitted visitors a second (start-ups completed over the time they took),
// first message → assigned (the conversation.updated with the assignee, seen by that agent's
// connection), frames received per agent per new conversation, and double assignments.
func (b *bench) burst(ctx context.Context, r *Result) error {
	as, err := b.prov.ensureAgents(ctx, b.cfg.BurstAgents)
	if err != nil {
		return err
	}
	obs := newBurstObserver()
	views := b.cfg.BurstViews
	conns, err := dialMany(ctx, len(as), 8, func(i int) (*wsClient, error) {
		on := obs.agent(as[i].ID)
		return dialWS(ctx, b.api.wsURL("/api/v1/ws"), viewsAgentHello(as[i].Token, views), on)
	})
	if err != nil {
		return err
	}
	defer closeAll(conns)
	time.Sleep(500 * time.Millisecond) // presence and counts of the connections settle
	obs.reset()
	vs, took := b.burstVisitors(ctx, obs)
	defer closeAll(vs.sockets())
	waitFor(15*time.Second, func() bool { return obs.assignedCount() >= vs.started.len() })
	b.burstReport(r, obs, vs, took, len(as))
	return nil
}

// burstVisitors runs the visitors' start-ups at the target rate and returns them with the
// time from the first start-up sent to the last one done.
func (b *bench) burstVisitors(ctx context.Context, obs *burstObserver) (*burstVisitors, time.Duration) {
	rate := b.cfg.BurstRate
	n := int(float64(rate) * b.cfg.BurstDuration.Seconds())
	vs := &burstVisitors{started: newIDSet()}
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(rate))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			vs.startUp(ctx, b, i)
		}()
	}
	wg.Wait()
	return vs, time.Since(start)
}

// burstVisitors are the visitors of one burst: their sockets, when each sent its first
// message, and the latencies of their start-ups.
type burstVisitors struct {
	mu       sync.Mutex
	socks    []*wsClient
	started  *idSet // conversation → when the start with the first message was sent
	failures atomic.Int64
	startUps latencies // session + socket + first message acknowledged
}

func (vs *burstVisitors) sockets() []*wsClient {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	return vs.socks
}

// startUp is one visitor's widget start-up: session, socket, first message.
func (vs *burstVisitors) startUp(ctx context.Context, b *bench, i int) {
	t0 := time.Now()
	tok, err := b.prov.newSession(ctx)
	if err == nil {
		var ws *wsClient
		if ws, err = dialWS(ctx, b.api.wsURL("/api/v1/widget/ws"), visitorHello(tok, nil), nil); err == nil {
			vs.mu.Lock()
			vs.socks = append(vs.socks, ws)
			vs.mu.Unlock()
		}
	}
	var v visitorCred
	if err == nil {
		first := map[string]string{"client_msg_id": fmt.Sprintf("%s-burst-%d", b.prov.run, i), "content": stamp(t0)}
		v, err = b.prov.startConversation(ctx, tok, first)
	}
	if err != nil {
		vs.failures.Add(1)
		b.log.Warn("burst: visitor start-up", "err", err)
		return
	}
	vs.startUps.add(time.Since(t0))
	vs.started.add(v.ConvID, v.Started)
}

// burstReport computes the figures from what the agents' connections saw.
func (b *bench) burstReport(r *Result, obs *burstObserver, vs *burstVisitors, took time.Duration, agents int) {
	var lat latencies
	lost, unassigned := 0, 0
	obs.mu.Lock()
	for _, id := range vs.started.keys() {
		t0, _ := vs.started.get(id)
		at, ok := obs.assigned[id]
		switch _, saw := obs.assignees[id]; {
		case ok:
			lat.add(at.Sub(t0))
		case saw:
			unassigned++
		default:
			lost++
		}
	}
	doubles := obs.doubles
	obs.mu.Unlock()
	n := vs.started.len()
	r.add("visitors offered", float64(b.cfg.BurstRate), "/s")
	r.want("visitors admitted (session, socket, first message)", float64(n)/took.Seconds(), "/s", false, 1000)
	r.add("conversations started", float64(n), "")
	r.summary("visitor start-up (session + socket + first message)", vs.startUps.summary(), 0)
	r.summary("first message → assigned, seen by the agent", lat.summary(), 50)
	per := func(c *atomic.Int64) float64 { return float64(c.Load()) / float64(max(agents, 1)) / float64(max(n, 1)) }
	r.add("frames per agent per new conversation", per(&obs.frames), "")
	r.add("… of them conversation and message events", per(&obs.convs), "")
	r.add("… live visitor events (visitor.updated/left)", per(&obs.visitors), "")
	r.add("… counts frames", per(&obs.counts), "")
	r.check("start-ups failed", float64(vs.failures.Load()), "", true, 0)
	r.check("double assignments", float64(doubles), "", true, 0)
	r.check("conversations never assigned", float64(lost+unassigned), "", true, 0)
	r.note("%d agents online (capacity %d) with hello views %q; visitors at %d/s for %s: widget session, widget socket, start with the first message",
		agents, b.cfg.AgentCapacity, strings.Join(b.cfg.BurstViews, ","), b.cfg.BurstRate, b.cfg.BurstDuration)
}

// burstObserver follows the agents' connections: every frame is counted, and every
// conversation snapshot with an assignee is checked against the assignees seen before.
type burstObserver struct {
	frames    atomic.Int64 // every frame
	convs     atomic.Int64 // conversation and message events
	visitors  atomic.Int64 // live visitor events (visitor.updated, visitor.left)
	counts    atomic.Int64 // counts frames
	mu        sync.Mutex
	assigned  map[string]time.Time // conversation → when its assignee's connection saw it assigned
	assignees map[string]string    // conversation → the assignee seen ("" = seen unassigned)
	doubles   int
}

func newBurstObserver() *burstObserver {
	return &burstObserver{assigned: map[string]time.Time{}, assignees: map[string]string{}}
}

func (o *burstObserver) assignedCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.assigned)
}

// count counts a frame by kind.
func (o *burstObserver) count(typ string) {
	o.frames.Add(1)
	switch {
	case strings.HasPrefix(typ, "conversation.") || strings.HasPrefix(typ, "message."):
		o.convs.Add(1)
	case strings.HasPrefix(typ, "visitor."):
		o.visitors.Add(1)
	case typ == "counts":
		o.counts.Add(1)
	}
}

// reset starts the counts from zero.
func (o *burstObserver) reset() {
	for _, c := range []*atomic.Int64{&o.frames, &o.convs, &o.visitors, &o.counts} {
		c.Store(0)
	}
}

// agent is the frame handler of agent agentID's connection.
func (o *burstObserver) agent(agentID string) func(*frame) {
	return func(f *frame) {
		o.count(f.Type)
		if f.Conversation == nil || f.Conversation.ID == "" {
			return
		}
		now, c := time.Now(), f.Conversation
		o.mu.Lock()
		defer o.mu.Unlock()
		prev, known := o.assignees[c.ID]
		switch {
		case c.AssigneeID == "":
			if !known {
				o.assignees[c.ID] = ""
			}
			return
		case known && prev != "" && prev != c.AssigneeID:
			o.doubles++ // the bench never transfers: a second assignee is a double assignment
		}
		o.assignees[c.ID] = c.AssigneeID
		if _, ok := o.assigned[c.ID]; !ok && c.AssigneeID == agentID {
			o.assigned[c.ID] = now
		}
	}
}
