package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// markRead is MarkAgentRead that fails the test on error and returns whether the marker moved.
func (w *world) markRead(t *testing.T, agentID string, seq int64, visible kefu.ConversationChange) bool {
	t.Helper()
	moved, err := w.s.MarkAgentRead(context.Background(), w.org.ID, w.conv.ID, agentID, seq, visible)
	must(t, err)
	return moved
}

func (w *world) readSeq(t *testing.T, agentID string) int64 {
	t.Helper()
	seq, err := w.s.AgentReadSeq(context.Background(), w.org.ID, w.conv.ID, agentID)
	must(t, err)
	return seq
}

// moveVisible moves the visitor-visible marker to seq, as the assignee's receipt does.
func moveVisible(seq int64) kefu.ConversationChange {
	return func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.AgentLastReadSeq = max(c.AgentLastReadSeq, seq)
		return nil, nil
	}
}

// testAgentReadMarkers: each agent's marker is their own, only moves forward, writes no event
// and leaves the visible marker alone unless the receipt moves it in the same transaction.
func testAgentReadMarkers(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a, b := w.newAgent(t, "A"), w.newAgent(t, "B")
	for range 3 {
		w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "hi"))
	}
	before, err := s.LatestEventSeq(ctx, w.org.ID)
	must(t, err)
	steps := []struct {
		agent *kefu.Agent
		seq   int64
		moved bool
	}{{a, 2, true}, {a, 2, false}, {a, 1, false}, {a, 3, true}, {b, 1, true}}
	for _, st := range steps {
		if got := w.markRead(t, st.agent.ID, st.seq, nil); got != st.moved {
			t.Errorf("%s reads to %d: moved = %v, want %v", st.agent.Name, st.seq, got, st.moved)
		}
	}
	if ga, gb, gw := w.readSeq(t, a.ID), w.readSeq(t, b.ID), w.readSeq(t, w.owner.ID); ga != 3 || gb != 1 || gw != 0 {
		t.Errorf("markers A, B, owner = %d, %d, %d; want 3, 1, 0", ga, gb, gw)
	}
	after, err := s.LatestEventSeq(ctx, w.org.ID)
	must(t, err)
	if c := w.conversation(t); c.AgentLastReadSeq != 0 || after != before {
		t.Errorf("after private reads: visible marker %d, events %d → %d; want 0 and no event", c.AgentLastReadSeq, before, after)
	}
	w.markRead(t, b.ID, 3, moveVisible(3))
	evs, err := s.ListEvents(ctx, w.org.ID, after, 10)
	must(t, err)
	if c := w.conversation(t); c.AgentLastReadSeq != 3 || w.readSeq(t, b.ID) != 3 || len(evs) != 1 ||
		evs[0].Type != kefu.EventConversationUpdated || evs[0].Conversation.MyLastReadSeq != 0 {
		t.Errorf("after B's visible read: marker %d, B %d, events %+v; want 3, 3, one conversation.updated without my_last_read_seq",
			c.AgentLastReadSeq, w.readSeq(t, b.ID), evs)
	}
}

// testReadMarkerList: a list for a reader carries that reader's marker, from one join, and
// nobody's for a list without a reader; another organisation's marker never shows.
func testReadMarkerList(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "hi"))
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "there"))
	unread := w.newConversation(t)
	w.markRead(t, a.ID, 2, nil)
	w.markRead(t, w.owner.ID, 1, nil)
	other := newWorld(t, s)
	for _, tc := range []struct {
		name   string
		reader string
		want   map[string]int64
	}{
		{"agent A", a.ID, map[string]int64{w.conv.ID: 2, unread.ID: 0}},
		{"owner", w.owner.ID, map[string]int64{w.conv.ID: 1, unread.ID: 0}},
		{"no reader", "", map[string]int64{w.conv.ID: 0, unread.ID: 0}},
		{"another organisation's agent", other.owner.ID, map[string]int64{w.conv.ID: 0, unread.ID: 0}},
	} {
		page, _, err := s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{ReaderID: tc.reader})
		must(t, err)
		got := map[string]int64{}
		for _, c := range page {
			got[c.ID] = c.MyLastReadSeq
		}
		if len(got) != len(tc.want) || got[w.conv.ID] != tc.want[w.conv.ID] || got[unread.ID] != tc.want[unread.ID] {
			t.Errorf("%s: my_last_read_seq by conversation = %v, want %v", tc.name, got, tc.want)
		}
	}
	if seq, err := s.AgentReadSeq(ctx, other.org.ID, w.conv.ID, a.ID); err != nil || seq != 0 {
		t.Errorf("A's marker asked for under another organisation = %d, %v; want 0", seq, err)
	}
}

// testReadMarkersGoWithConversation: deleting an inbox takes its conversations' markers; a
// conversation created again with the same id starts unread for everyone.
func testReadMarkersGoWithConversation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "hi"))
	w.markRead(t, w.owner.ID, 1, nil)
	must(t, s.DeleteInbox(ctx, w.org.ID, w.inbox.ID))
	w.inbox = &kefu.Inbox{OrgID: w.org.ID, Name: "Again", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, w.inbox))
	_, err := s.CreateConversation(ctx, &kefu.Conversation{ID: w.conv.ID, OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID})
	must(t, err)
	if seq := w.readSeq(t, w.owner.ID); seq != 0 {
		t.Errorf("marker of a deleted conversation's id = %d, want 0", seq)
	}
}
