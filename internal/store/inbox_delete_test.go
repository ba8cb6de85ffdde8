package store_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestDeleteInboxInChunks checks that deleting an inbox removes its messages and conversations a
// chunk per write, so other writes are never held back by more than one chunk, and leaves the
// organisation's other inboxes and other organisations alone.
func TestDeleteInboxInChunks(t *testing.T) {
	eachDatabase(t, testDeleteInboxInChunks)
}

func testDeleteInboxInChunks(t *testing.T, url string) {
	ctx := context.Background()
	s := openWith(t, url, store.Options{})
	orgID, doomed := benchConversations(t, s, 3)
	otherOrg, theirs := benchConversations(t, s, 1)
	conv, err := s.GetConversation(ctx, orgID, doomed[0])
	if err != nil {
		t.Fatal(err)
	}
	kept := &kefu.Inbox{OrgID: orgID, Name: "Other", Channel: kefu.ChannelWeb, WidgetKey: "wk-kept-" + conv.ID[:8]}
	if err := s.CreateInbox(ctx, kept); err != nil {
		t.Fatal(err)
	}
	keptConv, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: orgID, InboxID: kept.ID, ContactID: conv.ContactID})
	if err != nil {
		t.Fatal(err)
	}
	send := func(org, convID string, n int) {
		t.Helper()
		for range n {
			m := &kefu.Message{OrgID: org, ConversationID: convID, SenderType: kefu.SenderContact, Content: "hi"}
			if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range doomed {
		send(orgID, id, 4) // 12 messages in the doomed inbox
	}
	send(orgID, keptConv.ID, 2)
	send(otherOrg, theirs[0], 2)

	const chunk = 5
	_, ops0 := s.WriterStats()
	if err := s.DeleteInboxInChunks(ctx, orgID, conv.InboxID, chunk); err != nil {
		t.Fatal(err)
	}
	// 12 messages: 5, 5, 2; 3 conversations: one short write; then the inbox.
	if _, ops := s.WriterStats(); ops-ops0 != 5 {
		t.Errorf("deleted in %d writes, want 5 (at most %d rows each)", ops-ops0, chunk)
	}
	if _, err := s.GetInbox(ctx, orgID, conv.InboxID); !kefu.IsNotFound(err) {
		t.Errorf("the deleted inbox: got %v, want not found", err)
	}
	for _, id := range doomed {
		if _, err := s.GetConversation(ctx, orgID, id); !kefu.IsNotFound(err) {
			t.Errorf("a conversation of the deleted inbox: got %v, want not found", err)
		}
	}
	for _, c := range []struct{ org, conv string }{{orgID, keptConv.ID}, {otherOrg, theirs[0]}} {
		msgs, err := s.ListMessages(ctx, c.org, c.conv, kefu.MessageQuery{})
		if err != nil || len(msgs) != 2 {
			t.Errorf("a conversation of another inbox: %d messages, %v; want its 2", len(msgs), err)
		}
	}
	if err := s.DeleteInboxInChunks(ctx, orgID, conv.InboxID, chunk); !kefu.IsNotFound(err) {
		t.Errorf("deleting it again: got %v, want not found", err)
	}
}
