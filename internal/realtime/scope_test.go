package realtime

import (
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// assignTo sets a conversation's assignee in the fake backend ("" = unassigned).
func (b *fakeBackend) assignTo(convID, agentID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.convs[convID].AssigneeID = agentID
}

// scopedAgent connects an agent with scope and cursor and reads the welcome.
func (e *testEnv) scopedAgent(token string, scope AgentScope, cursor *int64) *wsClient {
	e.t.Helper()
	c := e.dial("/api/v1/ws", nil)
	c.send(ClientFrame{Type: FrameHello, Token: token, Cursor: cursor, Scope: scope})
	if w := c.next(); w.Type != frameWelcome {
		e.t.Fatalf("got first frame %s, want welcome", w.raw)
	}
	return c
}

// messagesUntil reads message.created frames until one with content "end", returning the
// conversation of each in arrival order and checking that cursors only grow.
func messagesUntil(t *testing.T, c *wsClient) []string {
	t.Helper()
	var convs []string
	last := int64(0)
	for {
		f := c.next()
		if f.Type != string(kefu.EventMessageCreated) {
			continue
		}
		if *f.Cursor <= last {
			t.Fatalf("cursor %d after %d", *f.Cursor, last)
		}
		last = *f.Cursor
		if f.message(t).Content == "end" {
			return convs
		}
		convs = append(convs, f.ConversationID)
	}
}

// An agent with scope "assigned" gets the messages of its own and of unassigned conversations
// only, live and on resume, without the filtered events looking like gaps to refill; an agent
// with the default scope still gets everything.
func TestAssignedScopeFiltersOthersMessages(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.addConversation("conv3", "org1", "inbox1", "contact3")
	e.backend.assignTo("conv1", "a1")
	e.backend.assignTo("conv2", "a2")
	e.backend.assignTo("conv3", "")
	mine := e.scopedAgent("tok-a1", ScopeAssigned, nil)
	all := e.scopedAgent("tok-a2", "", nil)
	start, _ := e.backend.LatestCursor(t.Context(), kefu.Actor{OrgID: "org1"})

	var want, wantAll []string
	for i := range 30 {
		conv := []string{"conv1", "conv2", "conv3"}[i%3]
		e.backend.post(conv, kefu.SenderContact, kefu.KindText, "hi")
		wantAll = append(wantAll, conv)
		if conv != "conv2" {
			want = append(want, conv)
		}
	}
	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "end")
	if got := messagesUntil(t, mine); !slices.Equal(got, want) {
		t.Fatalf("scope assigned got %v, want %v", got, want)
	}
	if got := messagesUntil(t, all); !slices.Equal(got, wantAll) {
		t.Fatalf("scope all got %v, want %v", got, wantAll)
	}
	e.backend.mu.Lock()
	replays := e.backend.replayCalls
	e.backend.mu.Unlock()
	if replays != 0 {
		t.Fatalf("filtered events caused %d replays, want none", replays)
	}

	// Resuming from before the messages replays through the same filter.
	resumed := e.scopedAgent("tok-a1", ScopeAssigned, &start)
	if got := messagesUntil(t, resumed); !slices.Equal(got, want) {
		t.Fatalf("resumed with scope assigned got %v, want %v", got, want)
	}
}

// A conversation event (not a message) reaches every agent whatever the scope, so an agent
// sees its lists change even for conversations it does not own.
func TestAssignedScopeKeepsConversationEvents(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.assignTo("conv2", "a2")
	mine := e.scopedAgent("tok-a1", ScopeAssigned, nil)
	e.backend.mu.Lock()
	cc := *e.backend.convs["conv2"]
	ev := e.backend.appendLocked(kefu.Event{Type: kefu.EventConversationUpdated, OrgID: "org1", ConversationID: "conv2",
		ContactID: cc.ContactID, InboxID: cc.InboxID, Conversation: &cc})
	e.backend.mu.Unlock()
	e.hub.Publish([]kefu.Event{ev})
	if f := mine.next(); f.Type != string(kefu.EventConversationUpdated) || *f.Cursor != ev.Seq {
		t.Fatalf("got %s, want conversation.updated at cursor %d", f.raw, ev.Seq)
	}
}

// A scope that is not "all" or "assigned", or a scope in a visitor's hello, is refused like
// any invalid hello.
func TestBadScopeRefused(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	agent := e.dial("/api/v1/ws", nil)
	agent.sendRaw([]byte(`{"type":"hello","token":"tok-a1","scope":"everything"}`))
	agent.expectClose(CloseUnauthenticated)
	visitor := e.dial("/api/v1/widget/ws", nil)
	visitor.sendRaw([]byte(`{"type":"hello","token":"vtok-1","scope":"assigned"}`))
	visitor.expectClose(CloseUnauthenticated)
	if _, err := DecodeClientFrame([]byte(`{"type":"hello","scope":1}`), 0); kefu.ErrorCode(err) != kefu.CodeMalformed {
		t.Fatalf("numeric scope: got %v, want malformed_request", err)
	}
}

// Behind a queued event, consecutive filtered events fold into one advance-only item, so a
// filtered flood neither grows the queue nor closes the connection as a slow consumer.
func TestAssignedScopeFoldsSkips(t *testing.T) {
	h := NewHub(HubOptions{SendQueue: 4})
	c := registered(t, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a1", Role: kefu.RoleAgent})
	c.scope = ScopeAssigned
	drain(c) // its own presence
	msg := func(seq int64, assignee string) kefu.Event {
		return kefu.Event{OrgID: "o1", Seq: seq, Type: kefu.EventMessageCreated, ConversationID: "c",
			Message: &kefu.Message{ID: "m", Seq: seq}, Conversation: &kefu.Conversation{ID: "c", AssigneeID: assignee}}
	}
	h.Publish([]kefu.Event{msg(1, "other")}) // queue empty: noted, not queued
	h.Publish([]kefu.Event{msg(2, "a1")})
	for seq := int64(3); seq < 100; seq++ {
		h.Publish([]kefu.Event{msg(seq, "other")})
	}
	if c.closed() {
		t.Fatal("closed as a slow consumer by filtered events")
	}
	got := drain(c)
	if len(got) != 2 || got[0].cursor != 2 || got[0].skip || !got[1].skip || got[1].cursor != 99 {
		t.Fatalf("queue %+v, want event 2 then one skip to 99", got)
	}
	if c.skipped != 1 {
		t.Fatalf("skipped %d, want 1", c.skipped)
	}
}
