package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testWaitingUnassigned checks the queue: only open, unassigned conversations whose customer
// waits, longest waiting first, and only the organisation's own.
func testWaitingUnassigned(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	waitingConv := func() *kefu.Conversation {
		c := w.newConversation(t)
		_, _, err := s.AppendMessage(ctx, &kefu.Message{OrgID: w.org.ID, ConversationID: c.ID, SenderType: kefu.SenderContact, Kind: kefu.KindText, Content: "hi"}, nil)
		must(t, err)
		return c
	}
	first, second, assigned, resolved := waitingConv(), waitingConv(), waitingConv(), waitingConv()
	w.newConversation(t) // nobody waits on it: no message yet
	setConversation(t, s, assigned, func(c *kefu.Conversation) { c.AssigneeID = w.owner.ID })
	setConversation(t, s, resolved, func(c *kefu.Conversation) { c.Status = kefu.StatusResolved })
	newWorld(t, s) // another organisation, with a waiting conversation of its own
	got, err := s.ListWaitingUnassigned(ctx, w.org.ID, 10)
	must(t, err)
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("queue: got %d conversations %v, want the two waiting unassigned ones, oldest first", len(got), ids(got))
	}
	if got, err := s.ListWaitingUnassigned(ctx, w.org.ID, 1); err != nil || len(got) != 1 || got[0].ID != first.ID {
		t.Fatalf("queue with limit 1: got %v, %v; want the oldest alone", ids(got), err)
	}
}

func setConversation(t *testing.T, s *store.Store, c *kefu.Conversation, change func(*kefu.Conversation)) {
	t.Helper()
	_, err := s.UpdateConversation(context.Background(), c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		change(c)
		return nil, nil
	})
	must(t, err)
}

// testStartConversation checks that a start writes the conversation and its first message
// together, and that a start retried with the first message's client id writes nothing.
func testStartConversation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	start := func(contact *kefu.Contact, clientID string) (*kefu.Conversation, *kefu.Message, bool) {
		t.Helper()
		first := &kefu.Message{SenderType: kefu.SenderContact, SenderID: contact.ID, Kind: kefu.KindText, Content: "hello", ClientMsgID: clientID}
		c, m, dup, err := s.StartConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: contact.ID}, first)
		must(t, err)
		return c, m, dup
	}
	c, m, dup := start(w.contact, "s1")
	if dup || m.Seq != 1 || m.ConversationID != c.ID || c.LastSeq != 1 || c.WaitingSince == nil {
		t.Fatalf("start: got conversation last seq %d waiting %v, message seq %d in %s, dup %v; want a waiting conversation with message 1",
			c.LastSeq, c.WaitingSince, m.Seq, m.ConversationID, dup)
	}
	again, m2, dup := start(w.contact, "s1")
	if !dup || again.ID != c.ID || m2.ID != m.ID {
		t.Fatalf("retried start: got conversation %s message %s dup %v, want %s, %s and true", again.ID, m2.ID, dup, c.ID, m.ID)
	}
	other, _, dup := start(w.newContact(t, "Other"), "s1")
	if dup || other.ID == c.ID {
		t.Fatalf("another contact's start with the same client id: got %s dup %v, want a new conversation", other.ID, dup)
	}
	_, _, _, err := s.StartConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: "no-such-contact"}, nil)
	wantCode(t, "a start for an unknown contact", err, kefu.CodeInvalid)
}
