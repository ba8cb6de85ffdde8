package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// chatTarget is what the chat scenario drives: kefu or the baseline relay.
type chatTarget struct {
	visitorURL, agentURL string
	visitors             []visitorCred
	agents               []agentCred
	run                  string
	cpu                  func() cpuMeter // nil: no server CPU figure
}

// chat runs the chat scenario against kefu.
func (b *bench) chat(ctx context.Context, r *Result) error {
	vs, err := b.ensureVisitors(ctx, r, b.cfg.ChatVisitors)
	if err != nil {
		return err
	}
	as, err := b.prov.ensureAgents(ctx, b.cfg.ChatAgents)
	if err != nil {
		return err
	}
	if err := b.prov.assignRoundRobin(ctx, vs, as); err != nil {
		return err
	}
	t := chatTarget{
		visitorURL: b.api.wsURL("/api/v1/widget/ws"), agentURL: b.api.wsURL("/api/v1/ws"),
		visitors: vs, agents: as, run: b.prov.run, cpu: b.cpuStart,
	}
	return runChat(ctx, t, b.cfg, r)
}

// chatRun is the shared state of one chat run.
type chatRun struct {
	t        chatTarget
	convIdx  map[string]int // conversation id → visitor index
	order    *orderCheck
	v2a, a2v latencies // visitor send → responsible agent receives; agent reply → visitor receives
	ack      latencies // visitor send → ack
	vAcked   *idSet    // visitor messages acknowledged (committed)
	aAcked   *idSet    // agent replies acknowledged
	vSeen    *idSet    // visitor messages seen by their responsible agent
	aSeen    *idSet    // agent replies seen by their visitor
	sent     atomic.Int64
	errs     atomic.Int64
	limited  atomic.Int64
	replies  []chan sendFrame
	pending  sync.Map  // reply ref → sendFrame, until acked, to resend a rate-limited one
	began    time.Time // stamps older than this are replays of earlier runs
}

// runChat connects the agents and visitors of t, has every visitor send one message per
// interval for the duration while each conversation's agent replies to each message, then
// checks that every acknowledged message arrived once and in order. Conversation i belongs to
// agent i mod A, whose connection (scope "assigned") receives only its own conversations.
func runChat(ctx context.Context, t chatTarget, cfg Config, r *Result) error {
	c := &chatRun{t: t, convIdx: make(map[string]int, len(t.visitors)), order: newOrderCheck(), began: time.Now(),
		vAcked: newIDSet(), aAcked: newIDSet(), vSeen: newIDSet(), aSeen: newIDSet()}
	for i, v := range t.visitors {
		c.convIdx[v.ConvID] = i
	}
	agents, err := c.connectAgents(ctx)
	if err != nil {
		return err
	}
	defer closeAll(agents)
	start := time.Now()
	visitors, err := dialMany(ctx, len(t.visitors), 128, func(i int) (*wsClient, error) {
		return dialWS(ctx, t.visitorURL, visitorHello(t.visitors[i].Token, nil), c.visitorFrame(i))
	})
	if err != nil {
		return err
	}
	defer closeAll(visitors)
	r.add("visitors", float64(len(visitors)), "")
	r.add("agents", float64(len(agents)), "")
	r.add("connect visitors", ms(time.Since(start)), "ms")
	var cpu cpuMeter
	if t.cpu != nil {
		cpu = t.cpu()
	}
	began := time.Now()
	c.sendAll(ctx, visitors, cfg.ChatInterval, cfg.ChatDuration)
	sending := time.Since(began)
	drained := waitFor(20*time.Second, func() bool { return c.complete() && c.aAcked.len() >= c.vSeen.len() })
	c.report(r, sending, drained)
	if t.cpu != nil {
		if used, ok := cpu.used(); ok {
			msgs := float64(c.vAcked.len() + c.aAcked.len())
			r.want("server CPU per 1,000 messages", ms(used)/msgs*1000, "ms", true, 50)
			r.add("server CPU busy", 100*used.Seconds()/time.Since(began).Seconds(), "% of a core")
		}
	}
	return nil
}

func (c *chatRun) connectAgents(ctx context.Context) ([]*wsClient, error) {
	c.replies = make([]chan sendFrame, len(c.t.agents))
	for i := range c.replies {
		c.replies[i] = make(chan sendFrame, 100000)
	}
	conns, err := dialMany(ctx, len(c.t.agents), 8, func(i int) (*wsClient, error) {
		return dialWS(ctx, c.t.agentURL, assignedAgentHello(c.t.agents[i].Token), c.agentFrame(i))
	})
	if err != nil {
		return nil, err
	}
	for i, a := range conns {
		go c.replyWriter(ctx, a, c.replies[i])
	}
	return conns, nil
}

// replyWriter sends agent i's replies in order, off the reader goroutine.
func (c *chatRun) replyWriter(ctx context.Context, a *wsClient, q chan sendFrame) {
	for {
		select {
		case f := <-q:
			f.Content = stamp(time.Now())
			if a.send(f) != nil {
				c.errs.Add(1)
			}
		case <-a.done:
			return
		case <-ctx.Done():
			return
		}
	}
}

// responsible is the agent index that answers a conversation.
func (c *chatRun) responsible(convID string) (int, bool) {
	i, ok := c.convIdx[convID]
	return i % len(c.t.agents), ok
}

func (c *chatRun) agentFrame(me int) func(*frame) {
	prefix := fmt.Sprintf("a%d/", me)
	return func(f *frame) {
		now := time.Now()
		switch f.Type {
		case "message.created":
			m := f.Message
			if m == nil {
				return
			}
			who, ok := c.responsible(m.ConversationID)
			if !ok || who != me {
				return // another agent's conversation: counted by that agent
			}
			if !c.order.see(prefix+m.ConversationID, m.Seq) || m.SenderType != "contact" {
				return
			}
			if t, ok := sentAt(m.Content); ok && t.After(c.began) && c.vSeen.add(m.ID, now) {
				c.v2a.add(now.Sub(t))
				reply := sendFrame{Type: "send", Ref: "r-" + m.ID, ConversationID: m.ConversationID, ClientMsgID: "r-" + m.ID}
				c.pending.Store(reply.Ref, reply)
				c.replies[me] <- reply
			}
		case "ack":
			if m := f.Message; m != nil && !f.Duplicate {
				c.pending.Delete(f.Ref)
				c.aAcked.add(m.ID, now)
			}
		case "error":
			c.onError(me, f)
		}
	}
}

// onError counts a failed request; a rate-limited reply is sent again a little later.
func (c *chatRun) onError(agent int, f *frame) {
	if v, ok := c.pending.Load(f.Ref); ok && f.Code == "rate_limited" && strings.HasPrefix(f.Ref, "r-") {
		c.limited.Add(1)
		time.AfterFunc(200*time.Millisecond, func() { c.replies[agent] <- v.(sendFrame) })
		return
	}
	c.errs.Add(1)
}

func (c *chatRun) visitorFrame(i int) func(*frame) {
	prefix := fmt.Sprintf("v%d/", i)
	return func(f *frame) {
		now := time.Now()
		switch f.Type {
		case "message.created":
			m := f.Message
			if m == nil || !c.order.see(prefix+m.ConversationID, m.Seq) || m.SenderType != "agent" {
				return
			}
			if t, ok := sentAt(m.Content); ok && t.After(c.began) && c.aSeen.add(m.ID, now) {
				c.a2v.add(now.Sub(t))
			}
		case "ack":
			m := f.Message
			if m == nil || f.Duplicate {
				return
			}
			if c.vAcked.add(m.ID, now) {
				if t, ok := sentAt(m.Content); ok {
					c.ack.add(now.Sub(t))
				}
			}
		case "error":
			c.errs.Add(1)
		}
	}
}

// sendAll makes every visitor send one message per interval, at a random phase, for duration.
func (c *chatRun) sendAll(ctx context.Context, visitors []*wsClient, interval, duration time.Duration) {
	end := time.Now().Add(duration)
	var wg sync.WaitGroup
	for i, v := range visitors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := time.Now().Add(time.Duration(rand.Int64N(int64(interval))))
			for k := 0; next.Before(end); k++ {
				select {
				case <-time.After(time.Until(next)):
				case <-ctx.Done():
					return
				}
				c.sent.Add(1)
				if v.send(newSend(c.t.visitors[i].ConvID, fmt.Sprintf("%s-v%d-%d", c.t.run, i, k))) != nil {
					c.errs.Add(1)
				}
				next = next.Add(interval)
			}
		}()
	}
	wg.Wait()
}

// complete reports whether every acknowledged message reached its receiver.
func (c *chatRun) complete() bool {
	return c.vAcked.len() >= int(c.sent.Load())-int(c.errs.Load()) && c.vSeen.len() >= c.vAcked.len() && c.aSeen.len() >= c.aAcked.len()
}

func (c *chatRun) report(r *Result, sending time.Duration, drained bool) {
	lostV, lostA := missing(c.vAcked, c.vSeen), missing(c.aAcked, c.aSeen)
	dups, order := c.order.counts()
	r.add("visitor messages sent", float64(c.sent.Load()), "")
	r.add("visitor messages acked", float64(c.vAcked.len()), "")
	r.add("agent replies acked", float64(c.aAcked.len()), "")
	r.add("persisted msg/s", float64(c.vAcked.len()+c.aAcked.len())/sending.Seconds(), "msg/s")
	r.summary("ack (visitor send → ack)", c.ack.summary(), 0)
	r.summary("visitor → agent", c.v2a.summary(), 25)
	r.summary("agent → visitor", c.a2v.summary(), 25)
	r.check("acked but not delivered", float64(lostV+lostA), "", true, 0)
	r.check("unacknowledged sends", float64(c.sent.Load()-int64(c.vAcked.len())), "", true, 0)
	r.check("agents' replies missing", float64(c.vSeen.len()-c.aAcked.len()), "", true, 0)
	r.check("duplicates", float64(dups), "", true, 0)
	r.check("out of order", float64(order), "", true, 0)
	r.check("request errors", float64(c.errs.Load()), "", true, 0)
	if n := c.limited.Load(); n > 0 {
		r.note("%d agent replies were rate limited and resent", n)
	}
	if !drained {
		r.note("not every message arrived within 20 s after sending stopped")
	}
}

// missing counts ids of acked that seen lacks.
func missing(acked, seen *idSet) int {
	n := 0
	for _, id := range acked.keys() {
		if _, ok := seen.get(id); !ok {
			n++
		}
	}
	return n
}
