package realtime

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// registered returns a connection registered with h as actor, with no writer draining it.
func registered(t *testing.T, h *Hub, actor kefu.Actor) *conn {
	t.Helper()
	c := newConn(context.Background(), h, actor.Kind)
	if err := h.admit(c); err != nil {
		t.Fatal(err)
	}
	c.actor = actor
	h.register(c)
	return c
}

// drain takes every queued event off c, as a writer would.
func drain(c *conn) []item {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []item
	for _, it := range c.events {
		out = append(out, *it)
	}
	c.events = nil
	return out
}

func TestHubRouting(t *testing.T) {
	h := NewHub(HubOptions{})
	agent := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent})
	other := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o2", AgentID: "b", Role: kefu.RoleAgent})
	visitor := registered(t, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o1", InboxID: "i1", ContactID: "c1"})
	otherInbox := registered(t, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o1", InboxID: "i2", ContactID: "c1"})
	sameIDOtherOrg := registered(t, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o2", InboxID: "i1", ContactID: "c1"})
	for _, c := range []*conn{agent, other, visitor, otherInbox, sameIDOtherOrg} {
		drain(c) // presence
	}
	msg := func(kind kefu.MessageKind, seq int64) kefu.Event {
		return kefu.Event{OrgID: "o1", Seq: seq, Type: kefu.EventMessageCreated, ConversationID: "cv", ContactID: "c1", InboxID: "i1",
			Message: &kefu.Message{ID: "m", ConversationID: "cv", Seq: seq, Kind: kind}}
	}
	h.Publish([]kefu.Event{
		msg(kefu.KindText, 1),
		msg(kefu.KindNote, 2),
		{OrgID: "o1", Type: kefu.EventTyping, ConversationID: "cv", ContactID: "c1", InboxID: "i1", Typing: &kefu.Typing{SenderType: kefu.SenderContact}},
		{OrgID: "o1", Type: kefu.EventTyping, ConversationID: "cv", ContactID: "c1", InboxID: "i1", Typing: &kefu.Typing{SenderType: kefu.SenderAgent}},
		{OrgID: "o1", Type: kefu.EventPresence, Presence: &kefu.Presence{AgentID: "a"}},
		{OrgID: "o1", Type: kefu.EventMessageCreated, ContactID: "c1", InboxID: "i1"}, // no message: dropped for visitors
	})
	if got := drain(agent); len(got) != 6 || got[0].cursor != 1 || got[1].cursor != 2 {
		t.Fatalf("agent got %d items (%+v), want all 6 with cursors", len(got), got)
	}
	got := drain(visitor)
	if len(got) != 3 {
		t.Fatalf("visitor got %d items, want 3 (text, advance, agent typing)", len(got))
	}
	if got[0].seq != 1 || got[0].frame == nil || got[1].seq != 2 || got[1].frame != nil || got[2].typ != string(kefu.EventTyping) {
		t.Fatalf("visitor got %+v, want text seq 1, advance-only seq 2, typing", got)
	}
	for name, c := range map[string]*conn{"other org agent": other, "other inbox": otherInbox, "other org visitor": sameIDOtherOrg} {
		if got := drain(c); len(got) != 0 {
			t.Errorf("%s got %d items, want none", name, len(got))
		}
	}
}

func TestHubPublishNeverBlocks(t *testing.T) {
	h := NewHub(HubOptions{SendQueue: 4})
	slow := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 100 {
			h.Publish([]kefu.Event{{OrgID: "o1", Seq: int64(i + 1), Type: kefu.EventConversationUpdated}})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a connection nobody drains")
	}
	if !slow.closed() || slow.code != CloseSlowConsumer {
		t.Fatalf("got closed=%v code %d, want closed with %d", slow.closed(), slow.code, CloseSlowConsumer)
	}
}

func TestHubCapacityAndShutdown(t *testing.T) {
	h := NewHub(HubOptions{MaxConnections: 2})
	a := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent})
	pending := newConn(context.Background(), h, kefu.ActorVisitor)
	if err := h.admit(pending); err != nil {
		t.Fatal(err)
	}
	if err := h.admit(newConn(context.Background(), h, kefu.ActorVisitor)); err != errOverCapacity {
		t.Fatalf("got %v, want over capacity", err)
	}
	if agents, visitors := h.Counts(); agents != 1 || visitors != 0 {
		t.Fatalf("got counts %d/%d, want 1/0 (pending hellos are not counted)", agents, visitors)
	}
	returned := make(chan struct{})
	go func() {
		h.Shutdown(context.Background())
		close(returned)
	}()
	waitFor(t, "both killed", func() bool { return a.closed() && pending.closed() })
	if a.code != CloseGoingAway {
		t.Fatalf("got code %d, want %d", a.code, CloseGoingAway)
	}
	select {
	case <-returned:
		t.Fatal("Shutdown returned while connections were still live")
	case <-time.After(20 * time.Millisecond):
	}
	h.remove(a, true)
	h.remove(pending, false)
	<-returned
	if err := h.admit(newConn(context.Background(), h, kefu.ActorAgent)); err != errShuttingDown {
		t.Fatalf("got %v, want shutting down", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.Shutdown(ctx) // a second call returns at once
}

func TestHubPresenceOrder(t *testing.T) {
	h := NewHub(HubOptions{})
	watcher := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "w", Role: kefu.RoleAgent})
	drain(watcher)
	actor := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent}
	c1 := registered(t, h, actor)
	c2 := registered(t, h, actor)
	h.remove(c1, true)
	if !h.ConnectedAgents("o1")["a"] {
		t.Fatal("got a disconnected, want connected while a second connection lives")
	}
	h.remove(c2, true)
	if h.ConnectedAgents("o1")["a"] {
		t.Fatal("got a connected, want gone after the last connection")
	}
	var got []bool
	for _, it := range drain(watcher) {
		var f frame
		f = parseFrame(t, it.frame)
		got = append(got, f.Presence.Connected)
	}
	if len(got) != 2 || !got[0] || got[1] {
		t.Fatalf("got presence %v, want [true false]", got)
	}
}
