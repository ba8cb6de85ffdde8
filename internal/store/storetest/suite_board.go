package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testBoardConversations checks the supervisor board's rows: the waiting queue first (oldest
// first), then the open or pending assigned conversations, each with its contact; resolved,
// unassigned-but-answered and other organisations' conversations are left out.
func testBoardConversations(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	waitingConv := func() *kefu.Conversation {
		c := w.newConversation(t)
		_, _, err := s.AppendMessage(ctx, &kefu.Message{OrgID: w.org.ID, ConversationID: c.ID, SenderType: kefu.SenderContact, Kind: kefu.KindText, Content: "hi"}, nil)
		must(t, err)
		return c
	}
	first, second, assigned, pending, resolved := waitingConv(), waitingConv(), waitingConv(), waitingConv(), waitingConv()
	setConversation(t, s, assigned, func(c *kefu.Conversation) { c.AssigneeID = w.owner.ID })
	setConversation(t, s, pending, func(c *kefu.Conversation) { c.AssigneeID, c.Status = w.owner.ID, kefu.StatusPending })
	setConversation(t, s, resolved, func(c *kefu.Conversation) { c.AssigneeID, c.Status = w.owner.ID, kefu.StatusResolved })
	newWorld(t, s) // another organisation, with a conversation of its own
	got, err := s.ListBoardConversations(ctx, w.org.ID, 10)
	must(t, err)
	if len(got) != 4 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("board: got %v, want %s and %s (the queue, oldest first) then the two assigned", ids(got), first.ID, second.ID)
	}
	rest := map[string]bool{got[2].ID: true, got[3].ID: true}
	if !rest[assigned.ID] || !rest[pending.ID] {
		t.Fatalf("board: assigned rows %v, want %s and %s", ids(got[2:]), assigned.ID, pending.ID)
	}
	if got[0].Contact == nil || got[0].Contact.Name != "Visitor" {
		t.Fatalf("board row contact = %+v, want the contact's name", got[0].Contact)
	}
	if got, err := s.ListBoardConversations(ctx, w.org.ID, 1); err != nil || len(got) != 1 || got[0].ID != first.ID {
		t.Fatalf("board with limit 1: got %v, %v; want the oldest waiting alone", ids(got), err)
	}
}
