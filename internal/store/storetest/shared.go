package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// RunShared checks two stores open on one database: two nodes on PostgreSQL, or on SQLite the
// server beside a CLI command. Each must see what the other committed, however much it keeps
// in memory. openPair must return two migrated stores on the same fresh database, closed at
// test end.
func RunShared(t *testing.T, openPair func(t *testing.T) (*store.Store, *store.Store)) {
	t.Run("AppendsInterleaved", func(t *testing.T) {
		t.Parallel()
		a, b := openPair(t)
		testSharedAppends(t, a, b)
	})
	t.Run("ChangesSeenByAppends", func(t *testing.T) {
		t.Parallel()
		a, b := openPair(t)
		testSharedChanges(t, a, b)
	})
	t.Run("JobsClaimedOnce", func(t *testing.T) {
		t.Parallel()
		a, b := openPair(t)
		testSharedJobs(t, a, b)
	})
	t.Run("RoutingRulesLimit", func(t *testing.T) {
		t.Parallel()
		a, b := openPair(t)
		testSharedRoutingRules(t, a, b)
	})
}

// testSharedAppends: appends through either store continue one sequence per conversation.
func testSharedAppends(t *testing.T, a, b *store.Store) {
	ctx := context.Background()
	w := newWorld(t, a)
	for i, s := range []*store.Store{a, b, a, b, a} {
		m, _, err := s.AppendMessage(ctx, w.msg(kefu.SenderContact, kefu.KindText, "hi"), nil)
		must(t, err)
		if m.Seq != int64(i+1) {
			t.Fatalf("append %d: seq %d, want %d", i+1, m.Seq, i+1)
		}
	}
	conv, err := b.GetConversation(ctx, w.org.ID, w.conv.ID)
	must(t, err)
	if conv.LastSeq != 5 {
		t.Errorf("last seq after 5 appends through two stores: %d", conv.LastSeq)
	}
}

// testSharedChanges: an append through one store starts from the conversation and the agent as
// the other store last changed them.
func testSharedChanges(t *testing.T, a, b *store.Store) {
	ctx := context.Background()
	w := newWorld(t, a)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "hello"))
	w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "hi"))

	_, err := b.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status, c.AssigneeID = kefu.StatusResolved, w.owner.ID
		return nil, nil
	})
	must(t, err)
	owner := *w.owner
	owner.Name = "Renamed"
	must(t, b.UpdateAgent(ctx, &owner))

	reply := w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "one more thing"))
	if reply.SenderName != "Renamed" {
		t.Errorf("agent message after a rename by the other store: sender name %q, want Renamed", reply.SenderName)
	}
	after := w.conversation(t)
	if after.Status != kefu.StatusResolved || after.AssigneeID != w.owner.ID || after.LastSeq != reply.Seq {
		t.Errorf("after an agent reply: status %s assignee %q last seq %d, want resolved, %s, %d",
			after.Status, after.AssigneeID, after.LastSeq, w.owner.ID, reply.Seq)
	}
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "back again"))
	if c := w.conversation(t); c.Status != kefu.StatusOpen || c.AssigneeID != w.owner.ID {
		t.Errorf("contact message after the other store resolved it: status %s assignee %q, want open, %s",
			c.Status, c.AssigneeID, w.owner.ID)
	}
}
