package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func testCreateConversation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	c := w.conv
	if c.ID == "" || c.Status != kefu.StatusOpen || c.Priority != kefu.PriorityNone || c.LastActivityAt.IsZero() ||
		c.Labels == nil || c.LastSeq != 0 || c.WaitingSince != nil {
		t.Errorf("CreateConversation defaults: got %+v", c)
	}
	got := w.conversation(t)
	if got.ID != c.ID || !got.LastActivityAt.Equal(c.LastActivityAt) || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("GetConversation: got %+v, want %+v", got, c)
	}
	labeled, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID,
		Labels: []string{"b", "a", "b"}, Priority: kefu.PriorityHigh})
	must(t, err)
	got, err = s.GetConversation(ctx, w.org.ID, labeled.ID)
	must(t, err)
	if !slices.Equal(got.Labels, []string{"a", "b"}) || got.Priority != kefu.PriorityHigh {
		t.Errorf("created with labels: got %+v", got)
	}
	events, err := s.ListEvents(ctx, w.org.ID, 0, 100)
	must(t, err)
	if len(events) != 2 {
		t.Fatalf("events after two creates: got %d, want 2", len(events))
	}
	ev := events[0]
	if ev.Type != kefu.EventConversationCreated || ev.ConversationID != c.ID || ev.ContactID != w.contact.ID ||
		ev.InboxID != w.inbox.ID || ev.OrgID != w.org.ID || ev.Conversation == nil || ev.Conversation.ID != c.ID || ev.Seq != 1 {
		t.Errorf("conversation.created event: got %+v", ev)
	}
	_, err = s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: "missing"})
	wantCode(t, "CreateConversation with unknown contact", err, kefu.CodeInvalid)
}

func testUpdateConversation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	snooze := time.Now().Add(time.Hour)
	got, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status, c.AssigneeID, c.Priority, c.Labels = kefu.StatusSnoozed, a.ID, kefu.PriorityUrgent, []string{"x"}
		c.SnoozedUntil, c.AgentLastReadSeq = &snooze, 3
		c.OrgID, c.LastSeq = "hijack", 99 // not the mutation's to change
		return nil, nil
	})
	must(t, err)
	stored := w.conversation(t)
	for name, c := range map[string]*kefu.Conversation{"returned": got, "stored": stored} {
		if c.Status != kefu.StatusSnoozed || c.AssigneeID != a.ID || c.Priority != kefu.PriorityUrgent ||
			!slices.Equal(c.Labels, []string{"x"}) || c.SnoozedUntil == nil || c.AgentLastReadSeq != 3 ||
			c.OrgID != w.org.ID || c.LastSeq != 0 || c.UpdatedAt.Before(w.conv.UpdatedAt) {
			t.Errorf("%s after UpdateConversation: got %+v", name, c)
		}
	}
	latest, _ := s.LatestEventSeq(ctx, w.org.ID)
	events, _ := s.ListEvents(ctx, w.org.ID, latest-1, 10)
	if len(events) != 1 || events[0].Type != kefu.EventConversationUpdated || events[0].Conversation.AssigneeID != a.ID {
		t.Errorf("conversation.updated event: got %+v", events)
	}

	// No change, no event.
	_, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) { return nil, nil })
	must(t, err)
	if after, _ := s.LatestEventSeq(ctx, w.org.ID); after != latest {
		t.Errorf("event seq after a no-op update: got %d, want %d", after, latest)
	}

	// A returned activity message is appended in the same transaction, after the update event.
	got, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status, c.SnoozedUntil = kefu.StatusResolved, nil
		return &kefu.Message{SenderType: kefu.SenderSystem, Kind: kefu.KindEvent, Content: "resolved"}, nil
	})
	must(t, err)
	if got.LastSeq != 1 || got.Status != kefu.StatusResolved {
		t.Errorf("after update with message: got seq %d status %s, want 1 resolved", got.LastSeq, got.Status)
	}
	events, _ = s.ListEvents(ctx, w.org.ID, latest, 10)
	if len(events) != 2 || events[0].Type != kefu.EventConversationUpdated || events[1].Type != kefu.EventMessageCreated ||
		events[1].Message.Seq != 1 || events[1].Message.Content != "resolved" {
		t.Errorf("events of update with message: got %+v", events)
	}

	for _, tc := range []struct {
		name   string
		mutate func(c *kefu.Conversation)
		code   kefu.Code
	}{
		{"bad status", func(c *kefu.Conversation) { c.Status = "gone" }, kefu.CodeInvalid},
		{"bad priority", func(c *kefu.Conversation) { c.Priority = "meh" }, kefu.CodeInvalid},
		{"unknown team", func(c *kefu.Conversation) { c.TeamID = "nope" }, kefu.CodeInvalid},
	} {
		_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			tc.mutate(c)
			return nil, nil
		})
		wantCode(t, tc.name, err, tc.code)
	}
	_, err = s.UpdateConversation(ctx, w.org.ID, "missing", func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) { return nil, nil })
	wantCode(t, "UpdateConversation unknown", err, kefu.CodeNotFound)
}

func testUpdateConversationMutationError(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	before := w.conversation(t)
	seq, _ := s.LatestEventSeq(ctx, w.org.ID)
	refused := kefu.Errorf(kefu.CodeConflict, "agent is full")
	_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status, c.Labels = kefu.StatusResolved, []string{"x"}
		return &kefu.Message{SenderType: kefu.SenderSystem, Kind: kefu.KindEvent}, refused
	})
	if !errors.Is(err, refused) {
		t.Errorf("UpdateConversation: got error %v, want the mutation's", err)
	}
	after := w.conversation(t)
	if after.Status != before.Status || len(after.Labels) != 0 || after.LastSeq != 0 || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("conversation after failed mutation: got %+v, want %+v", after, before)
	}
	if now, _ := s.LatestEventSeq(ctx, w.org.ID); now != seq {
		t.Errorf("event seq after failed mutation: got %d, want %d", now, seq)
	}
	// A panicking mutation is an internal error, not a crashed writer.
	_, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) {
		panic("boom")
	})
	wantCode(t, "panicking mutation", err, kefu.CodeInternal)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "still writing"))
}

func testUpdateConversationTx(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	other := newWorld(t, s)
	var load, loadAfter int
	var name string
	var otherErr error
	_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		var err error
		if load, err = tx.AgentOpenLoad(a.ID); err != nil {
			return nil, err
		}
		agent, err := tx.GetAgent(a.ID)
		if err != nil {
			return nil, err
		}
		name = agent.Name
		_, otherErr = tx.GetAgent(other.owner.ID)
		c.AssigneeID = a.ID
		return nil, nil
	})
	must(t, err)
	_, err = s.UpdateConversation(ctx, w.org.ID, w.newConversation(t).ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		var err error
		loadAfter, err = tx.AgentOpenLoad(a.ID)
		return nil, err
	})
	must(t, err)
	if load != 0 || loadAfter != 1 || name != "A" {
		t.Errorf("Tx reads: got load %d then %d, name %q; want 0, 1, A", load, loadAfter, name)
	}
	wantCode(t, "Tx.GetAgent of another org", otherErr, kefu.CodeNotFound)
}

func testListContactConversations(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	second := w.newConversation(t)
	in2 := &kefu.Inbox{OrgID: w.org.ID, Name: "Other", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, in2))
	_, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: in2.ID, ContactID: w.contact.ID})
	must(t, err)
	w.newContact(t, "someone else")
	// Activity moves the first conversation to the top.
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "bump"))
	got, err := s.ListContactConversations(ctx, w.org.ID, w.contact.ID, w.inbox.ID)
	must(t, err)
	if len(got) != 2 || got[0].ID != w.conv.ID || got[1].ID != second.ID {
		t.Errorf("ListContactConversations in inbox: got %v", ids(got))
	}
	all, err := s.ListContactConversations(ctx, w.org.ID, w.contact.ID, "")
	must(t, err)
	if len(all) != 3 {
		t.Errorf("ListContactConversations any inbox: got %d, want 3", len(all))
	}
}

func ids(cs []kefu.Conversation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}
