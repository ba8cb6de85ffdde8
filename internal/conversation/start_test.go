package conversation_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestStartForVisitorWithFirstMessage: the conversation comes back with its first message
// already applied (seq 1, the customer waiting), in the visitor's inbox and nobody else's.
func TestStartForVisitorWithFirstMessage(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		visitor := visitorActor(w, w.contact)
		got, err := e.svc.StartForVisitor(context.Background(), visitor, conversation.StartRequest{
			First: &kefu.SendRequest{ConversationID: "00000000-0000-4000-8000-000000000000", ClientMsgID: "first-1", Content: "hello"},
		})
		if err != nil {
			t.Fatalf("StartForVisitor: %v", err)
		}
		c, m := got.Conversation, got.First
		if got.Duplicate || m == nil {
			t.Fatalf("got duplicate=%v first=%v, want a new conversation with its message", got.Duplicate, m)
		}
		if c.ContactID != w.contact.ID || c.InboxID != w.inbox.ID || c.Status != kefu.StatusOpen || c.AssigneeID != "" {
			t.Errorf("conversation: got contact %s inbox %s status %s assignee %q, want the visitor's, open, unassigned",
				c.ContactID, c.InboxID, c.Status, c.AssigneeID)
		}
		if c.LastSeq != 1 || c.WaitingSince == nil {
			t.Errorf("conversation: got last seq %d waiting since %v, want 1 and waiting", c.LastSeq, c.WaitingSince)
		}
		if m.ConversationID != c.ID || m.Seq != 1 || m.SenderType != kefu.SenderContact || m.SenderID != w.contact.ID || m.Content != "hello" {
			t.Errorf("first message: got %+v, want seq 1 from the contact in the new conversation", m)
		}
		if msgs := e.messages(t, w, c.ID); len(msgs) != 1 || msgs[0].ID != m.ID {
			t.Errorf("stored messages: got %d, want exactly the first", len(msgs))
		}
	})
}

// TestStartForVisitorRetry: a retry with the same first client id returns the conversation the
// first attempt started, with Duplicate set, and creates nothing new; another id starts another.
func TestStartForVisitorRetry(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		start := func(clientID, content string) *conversation.Started {
			t.Helper()
			s, err := e.svc.StartForVisitor(ctx, visitor, conversation.StartRequest{
				First: &kefu.SendRequest{ClientMsgID: clientID, Content: content},
			})
			if err != nil {
				t.Fatalf("StartForVisitor(%s): %v", clientID, err)
			}
			return s
		}
		first := start("c-1", "hello")
		retry := start("c-1", "hello again")
		if !retry.Duplicate || retry.Conversation.ID != first.Conversation.ID || retry.First.ID != first.First.ID || retry.First.Content != "hello" {
			t.Errorf("retry: got duplicate=%v conversation %s message %s %q, want true %s %s %q",
				retry.Duplicate, retry.Conversation.ID, retry.First.ID, retry.First.Content,
				first.Conversation.ID, first.First.ID, "hello")
		}
		if n := len(e.visitorConversations(t, visitor)); n != 1 {
			t.Errorf("conversations after a retry: got %d, want 1", n)
		}
		if got := e.conversation(t, w, first.Conversation.ID).LastSeq; got != 1 {
			t.Errorf("last seq after a retry: got %d, want 1", got)
		}
		// Only the contact's own start counts: another visitor may use the same client id.
		theirs, err := e.svc.StartForVisitor(ctx, visitorActor(w, w.other), conversation.StartRequest{
			First: &kefu.SendRequest{ClientMsgID: "c-1", Content: "hi"},
		})
		if err != nil || theirs.Duplicate || theirs.Conversation.ID == first.Conversation.ID {
			t.Errorf("another visitor with the same client id: got %+v, %v, want a conversation of their own", theirs, err)
		}
		if second := start("c-2", "another question"); second.Duplicate || second.Conversation.ID == first.Conversation.ID {
			t.Errorf("new client id: got duplicate=%v conversation %s, want a new conversation", second.Duplicate, second.Conversation.ID)
		}
		if n := len(e.visitorConversations(t, visitor)); n != 2 {
			t.Errorf("conversations: got %d, want 2", n)
		}
	})
}

// TestStartForVisitorRefuses: agents cannot start a visitor's conversation, and a bad first
// message — including one with attachments, which need a conversation to exist — starts nothing.
func TestStartForVisitorRefuses(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		visitor := visitorActor(w, w.contact)
		tests := []struct {
			name      string
			actor     kefu.Actor
			first     *kefu.SendRequest
			wantCode  kefu.Code
			wantField string
		}{
			{"agent", kefutest.AgentActor(w.owner), &kefu.SendRequest{Content: "hi"}, kefu.CodeNotFound, ""},
			{"system", kefu.SystemActor(w.org.ID), nil, kefu.CodeNotFound, ""},
			{"attachments", visitor, &kefu.SendRequest{Content: "see", AttachmentIDs: []string{"00000000-0000-4000-8000-000000000000"}}, kefu.CodeInvalid, "attachment_ids"},
			{"a note", visitor, &kefu.SendRequest{Content: "psst", Kind: kefu.KindNote}, kefu.CodeInvalid, "kind"},
			{"empty", visitor, &kefu.SendRequest{Content: "  "}, kefu.CodeInvalid, "content"},
			{"NUL", visitor, &kefu.SendRequest{Content: "a\x00"}, kefu.CodeInvalid, "content"},
			{"bad client id", visitor, &kefu.SendRequest{Content: "hi", ClientMsgID: "a b"}, kefu.CodeInvalid, "client_msg_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.StartForVisitor(context.Background(), tt.actor, conversation.StartRequest{First: tt.first})
				kefutest.WantCode(t, "StartForVisitor", err, tt.wantCode)
				if tt.wantField != "" {
					kefutest.WantField(t, "StartForVisitor", err, tt.wantField)
				}
			})
		}
		if n := len(e.visitorConversations(t, visitor)); n != 0 {
			t.Errorf("conversations after refused starts: got %d, want 0", n)
		}
	})
}

// TestStartForVisitorWithoutMessage: the widget may open a conversation before anyone writes.
func TestStartForVisitorWithoutMessage(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		got, err := e.svc.StartForVisitor(context.Background(), visitorActor(w, w.contact), conversation.StartRequest{})
		if err != nil {
			t.Fatalf("StartForVisitor: %v", err)
		}
		if got.First != nil || got.Duplicate || got.Conversation.LastSeq != 0 || got.Conversation.WaitingSince != nil {
			t.Errorf("got first=%v duplicate=%v last seq %d waiting %v, want an empty, new conversation",
				got.First, got.Duplicate, got.Conversation.LastSeq, got.Conversation.WaitingSince)
		}
	})
}

// TestStartForVisitorAutoAssign: with the organisation's rule on, a new conversation joins the
// back of the queue, which drains in arrival order to online, connected agents with room; with
// the rule off, or with nobody connected, it waits; a retried start changes nothing.
func TestStartForVisitorAutoAssign(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		start := func(w *world, clientID string) *conversation.Started {
			t.Helper()
			s, err := e.svc.StartForVisitor(ctx, visitorActor(w, w.contact), conversation.StartRequest{
				First: &kefu.SendRequest{ClientMsgID: clientID, Content: "hello"},
			})
			kefutest.Must(t, err)
			return s
		}
		on := e.mustWorld(t, true)
		for _, a := range []*kefu.Agent{on.owner, on.supervisor, on.colleague} {
			e.setCapacity(t, a, 0) // only on.agent takes conversations
		}
		e.setCapacity(t, on.agent, 0)
		e.presence.connect(on.agent.ID)
		waiting := start(on, "nobody-connected")
		if got := waiting.Conversation.AssigneeID; got != "" {
			t.Errorf("nobody with room: got assignee %q, want none", got)
		}
		e.setCapacity(t, on.agent, 5)
		first := start(on, "connected")
		if first.Conversation.AssigneeID != on.agent.ID {
			t.Errorf("rule on: got assignee %q, want the only connected agent %s", first.Conversation.AssigneeID, on.agent.ID)
		}
		for _, id := range []string{waiting.Conversation.ID, first.Conversation.ID} {
			acts := e.activities(t, on, id)
			if len(acts) != 1 || acts[0].Action != "auto_assigned" || acts[0].AssigneeID != on.agent.ID {
				t.Errorf("rule on: conversation %s got activities %+v, want one auto_assigned to %s (the start drains the older one first)", id, acts, on.agent.ID)
			}
		}
		// A retry changes nothing: the same conversation, no second assignment.
		retry := start(on, "nobody-connected")
		if !retry.Duplicate || retry.Conversation.ID != waiting.Conversation.ID || len(e.activities(t, on, waiting.Conversation.ID)) != 1 {
			t.Errorf("retry: got duplicate=%v conversation %s, want true, %s and no new activity", retry.Duplicate, retry.Conversation.ID, waiting.Conversation.ID)
		}

		off := e.mustWorld(t, false)
		e.presence.connect(off.agent.ID)
		if got := start(off, "connected").Conversation.AssigneeID; got != "" {
			t.Errorf("rule off: got assignee %q, want none", got)
		}
	})
}

func (e *env) visitorConversations(t *testing.T, visitor kefu.Actor) []kefu.Conversation {
	t.Helper()
	convs, err := e.svc.VisitorConversations(context.Background(), visitor)
	kefutest.Must(t, err)
	return convs
}
