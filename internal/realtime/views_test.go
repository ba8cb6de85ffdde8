package realtime

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// viewsAgent connects an agent with views (and a cursor) and reads the welcome.
func (e *testEnv) viewsAgent(token string, views []string, cursor *int64) *wsClient {
	e.t.Helper()
	c := e.dial("/api/v1/ws", nil)
	c.send(ClientFrame{Type: FrameHello, Token: token, Cursor: cursor, Views: views})
	if w := c.next(); w.Type != frameWelcome {
		e.t.Fatalf("got first frame %s, want welcome", w.raw)
	}
	return c
}

// update persists and publishes a conversation.updated with the conversation's assignee now.
func (b *fakeBackend) update(convID, assignee string) kefu.Event {
	b.mu.Lock()
	c := b.convs[convID]
	c.AssigneeID = assignee
	cc := *c
	ev := b.appendLocked(kefu.Event{Type: kefu.EventConversationUpdated, OrgID: c.OrgID, ConversationID: convID,
		ContactID: c.ContactID, InboxID: c.InboxID, Conversation: &cc})
	b.mu.Unlock()
	b.hub.Publish([]kefu.Event{ev})
	return ev
}

// eventsUntil reads event frames until a message "end", returning "type conv" of each, and
// checks that cursors only grow (filtered events are skips, not gaps).
func eventsUntil(t *testing.T, c *wsClient) []string {
	t.Helper()
	var got []string
	last := int64(0)
	for {
		f := c.next()
		if f.Cursor == nil {
			continue // ephemeral: counts, presence
		}
		if *f.Cursor <= last {
			t.Fatalf("cursor %d after %d", *f.Cursor, last)
		}
		last = *f.Cursor
		if f.Type == string(kefu.EventMessageCreated) && f.message(t).Content == "end" {
			return got
		}
		got = append(got, f.Type+" "+f.ConversationID)
	}
}

// The views decide which conversations' events a connection gets: mine = assigned to the
// agent (and a conversation leaving that view is announced once), unassigned = nobody's,
// all = everything, none = everything as before views; resuming replays through the same
// filter without taking the filtered cursors for gaps.
func TestViewsFilterConversationEvents(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.addConversation("end-mine", "org1", "inbox1", "contact3")
	e.backend.addConversation("end-queue", "org1", "inbox1", "contact4")
	e.backend.assignTo("end-mine", "a1")
	e.backend.assignTo("end-queue", "")
	e.backend.assignTo("conv1", "a1")
	e.backend.assignTo("conv2", "")
	start, _ := e.backend.LatestCursor(t.Context(), kefu.Actor{OrgID: "org1"})
	mine := e.viewsAgent("tok-a1", []string{ViewMine}, nil)
	queue := e.viewsAgent("tok-a2", []string{ViewUnassigned}, nil)
	all := e.viewsAgent("tok-a2", []string{ViewAll}, nil)
	legacy := e.viewsAgent("tok-a2", nil, nil)

	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "to a1")
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "waiting")
	e.backend.update("conv2", "a1") // taken by a1: leaves unassigned, enters mine
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "now a1's")
	e.backend.update("conv1", "a2") // transferred away: leaves mine
	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "now a2's")
	e.backend.update("conv2", "") // back to the queue
	e.backend.post("end-mine", kefu.SenderContact, kefu.KindText, "end")
	e.backend.post("end-queue", kefu.SenderContact, kefu.KindText, "end")

	every := []string{"message.created conv1", "message.created conv2", "conversation.updated conv2", "message.created conv2",
		"conversation.updated conv1", "message.created conv1", "conversation.updated conv2"}
	want := map[*wsClient][]string{
		mine: {"message.created conv1", "conversation.updated conv2", "message.created conv2", "conversation.updated conv1",
			"conversation.updated conv2"},
		// conv1 comes to a2 as its new assignee, whatever the views.
		queue: {"message.created conv2", "conversation.updated conv2", "conversation.updated conv1", "message.created conv1",
			"conversation.updated conv2"},
		all:    every,
		legacy: every,
	}
	for c, w := range want {
		if got := eventsUntil(t, c); !slices.Equal(got, w) {
			t.Errorf("got %v\nwant %v", got, w)
		}
	}
	resumed := e.viewsAgent("tok-a1", []string{ViewMine}, &start)
	wantResumed := want[mine]
	if got := eventsUntil(t, resumed); !slices.Equal(got, wantResumed) {
		t.Errorf("resumed: got %v\nwant %v", got, wantResumed)
	}
}

// A views frame changes the views at once and is acknowledged; bad views are refused with a
// field error and leave the connection open; visitors have no views.
func TestViewsFrame(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.assignTo("conv2", "a2")
	c := e.viewsAgent("tok-a1", []string{ViewMine}, nil)
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "not yours")
	c.send(ClientFrame{Type: FrameViews, Ref: "v1", Views: []string{ViewAll}})
	if f := c.next(); f.Type != frameAck || f.Ref != "v1" {
		t.Fatalf("got %s, want ack v1", f.raw)
	}
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "end")
	if got := eventsUntil(t, c); len(got) != 0 {
		t.Fatalf("got %v before the views changed, want nothing", got)
	}
	c.sendRaw([]byte(`{"type":"views","ref":"v2","views":["everything"]}`))
	if f := c.next(); f.Type != frameError || f.code() != string(kefu.CodeInvalid) {
		t.Fatalf("got %s, want invalid_input", f.raw)
	}
	c.sendRaw([]byte(`{"type":"views","ref":"v3","views":[]}`))
	if f := c.next(); f.Type != frameError || f.code() != string(kefu.CodeInvalid) {
		t.Fatalf("got %s, want invalid_input for no views", f.raw)
	}
	v := e.dial("/api/v1/widget/ws", nil)
	v.sendRaw([]byte(`{"type":"hello","token":"vtok-1","views":["mine"]}`))
	v.expectClose(CloseUnauthenticated)
}

// fakeCounter is the store's grouped count as a list the test sets; it counts its queries.
type fakeCounter struct {
	mu      sync.Mutex
	groups  []kefu.ActiveCount
	queries int
}

func (f *fakeCounter) ActiveConversationCounts(context.Context, string) ([]kefu.ActiveCount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries++
	return slices.Clone(f.groups), nil
}

func (f *fakeCounter) set(groups ...kefu.ActiveCount) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups = groups
}

// countsOf reads frames until a counts frame and decodes it.
func countsOf(t *testing.T, c *wsClient) kefu.ViewCounts {
	t.Helper()
	for {
		f := c.next()
		if f.Type != frameCounts {
			continue
		}
		var v struct{ Counts kefu.ViewCounts }
		if err := json.Unmarshal(f.raw, &v); err != nil {
			t.Fatal(err)
		}
		return v.Counts
	}
}

// Conversation changes reach agents with views as counts frames: one query per interval for
// the whole organisation however many changes, each agent's own numbers, nothing when they did
// not change, and no counts frames for a connection without views.
func TestCountsFramesCoalesced(t *testing.T) {
	counter := &fakeCounter{}
	e := newEnv(t, HubOptions{Counter: counter, CountsInterval: 200 * time.Millisecond}, HandlerOptions{})
	counter.set(kefu.ActiveCount{Ref: kefu.ConversationRef{InboxID: "inbox1", AssigneeID: "a1"}, N: 2},
		kefu.ActiveCount{Ref: kefu.ConversationRef{InboxID: "inbox1"}, N: 3},
		kefu.ActiveCount{Ref: kefu.ConversationRef{InboxID: "inbox2", AssigneeID: "a2"}, N: 5})
	a1 := e.viewsAgent("tok-a1", []string{ViewMine}, nil)
	a2 := e.viewsAgent("tok-a2", []string{ViewUnassigned}, nil)
	legacy := e.viewsAgent("tok-a2", nil, nil)
	for range 20 {
		e.backend.update("conv2", "")
	}
	if got, want := countsOf(t, a1), (kefu.ViewCounts{Mine: 2, Unassigned: 3, All: 10}); got != want {
		t.Errorf("a1 got %+v, want %+v", got, want)
	}
	if got, want := countsOf(t, a2), (kefu.ViewCounts{Mine: 5, Unassigned: 3, All: 10}); got != want {
		t.Errorf("a2 got %+v, want %+v", got, want)
	}
	counter.mu.Lock()
	queries := counter.queries
	counter.mu.Unlock()
	if queries > 2 {
		t.Errorf("20 changes made %d count queries, want at most 2", queries)
	}
	for range 20 {
		legacy.next() // the legacy connection gets the events themselves...
	}
	e.backend.update("conv2", "") // unchanged counts: no frame for a1
	e.backend.post("conv1", kefu.SenderContact, kefu.KindText, "end")
	for {
		f := legacy.next()
		if f.Type == frameCounts {
			t.Fatalf("a connection without views got %s", f.raw) // ...and never counts
		}
		if f.Type == string(kefu.EventMessageCreated) {
			break
		}
	}
	time.Sleep(400 * time.Millisecond) // a pass with the same numbers has run
	a1.expectSilence(300 * time.Millisecond)
}

// A live conversation.updated that moves a conversation out of a view reaches the connections
// of that view even when they never got an event of it (their list came from REST): the event
// carries the scope fields it had before.
func TestViewsDepartureFromBefore(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.assignTo("conv1", "a1")
	e.backend.assignTo("conv2", "")
	mine := e.viewsAgent("tok-a1", []string{ViewMine}, nil)
	queue := e.viewsAgent("tok-a2", []string{ViewUnassigned}, nil)
	moved := func(conv, to string) {
		e.backend.mu.Lock()
		c := e.backend.convs[conv]
		before := c.Ref()
		c.AssigneeID = to
		cc := *c
		ev := e.backend.appendLocked(kefu.Event{Type: kefu.EventConversationUpdated, OrgID: c.OrgID, ConversationID: conv,
			ContactID: c.ContactID, InboxID: c.InboxID, Conversation: &cc, Before: &before})
		e.backend.mu.Unlock()
		e.hub.Publish([]kefu.Event{ev})
	}
	moved("conv1", "a2") // leaves a1's mine
	moved("conv2", "x9") // leaves the queue for someone else
	if f := mine.next(); f.Type != string(kefu.EventConversationUpdated) || f.ConversationID != "conv1" {
		t.Fatalf("mine got %s, want conv1's departure", f.raw)
	}
	if f := queue.next(); f.Type != string(kefu.EventConversationUpdated) || f.ConversationID != "conv1" {
		t.Fatalf("queue got %s, want conv1, a2's now", f.raw)
	}
	if f := queue.next(); f.Type != string(kefu.EventConversationUpdated) || f.ConversationID != "conv2" {
		t.Fatalf("queue got %s, want conv2's departure", f.raw)
	}
	mine.expectSilence(200 * time.Millisecond)
}

// The conversation the client has open gets its events whatever the views: an agent reading a
// conversation transferred away keeps seeing it.
func TestViewsOpenConversation(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.assignTo("conv2", "a2")
	c := e.viewsAgent("tok-a1", []string{ViewMine}, nil)
	c.send(ClientFrame{Type: FrameViews, Ref: "v1", Views: []string{ViewMine}, ConversationID: "conv2"})
	if f := c.next(); f.Type != frameAck {
		t.Fatalf("got %s, want ack", f.raw)
	}
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "end")
	if f := c.next(); f.Type != string(kefu.EventMessageCreated) || f.ConversationID != "conv2" {
		t.Fatalf("got %s, want conv2's message", f.raw)
	}
	c.send(ClientFrame{Type: FrameViews, Ref: "v2", Views: []string{ViewMine}})
	c.next()
	// Closed: the next event is its departure (it was held), then nothing.
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "closed")
	if f := c.next(); f.ConversationID != "conv2" {
		t.Fatalf("got %s, want conv2's departure", f.raw)
	}
	e.backend.post("conv2", kefu.SenderContact, kefu.KindText, "after")
	c.expectSilence(200 * time.Millisecond)
}
