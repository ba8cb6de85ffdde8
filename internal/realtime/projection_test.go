package realtime

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// testLinks is a kefu.AttachmentLinker that names the attachment, standing in for auth's
// signed links.
type testLinks struct{}

func (testLinks) VisitorURL(a *kefu.Attachment) string { return "/signed/" + a.ID }

func TestVisitorProjectionHidesPrivateFields(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	m := &kefu.Message{ID: "m1", OrgID: "org-secret", ConversationID: "c1", Seq: 4, SenderType: kefu.SenderAgent,
		SenderID: "agent-secret", SenderName: "Li Lei", Kind: kefu.KindImage, Content: "看这里",
		Attachments: []kefu.Attachment{{ID: "a1", OrgID: "org-secret", UploaderID: "up-secret", FileName: "x.png",
			ContentType: "image/png", Size: 10, SHA256: "sha-secret", StorageKey: "blob1"}},
		ClientMsgID: "cm", CreatedAt: now}
	c := &kefu.Conversation{ID: "c1", OrgID: "org-secret", InboxID: "i1", ContactID: "contact-secret", Status: kefu.StatusOpen,
		AssigneeID: "assignee-secret", TeamID: "team-secret", Priority: kefu.PriorityUrgent, Labels: []string{"label-secret"},
		LastSeq: 4, ContactLastReadSeq: 3, AgentLastReadSeq: 2, LastActivityAt: now, CreatedAt: now, UpdatedAt: now}
	tests := []struct {
		name string
		v    any
		keys string
	}{
		{"message", kefu.NewVisitorMessage(m, testLinks{}), visitorMessageKeys},
		{"conversation", kefu.NewVisitorConversation(c), visitorConversationKeys},
		{"attachment", kefu.NewVisitorMessage(m, testLinks{}).Attachments[0], "id file_name content_type size width height url"},
		{"typing", kefu.NewVisitorTyping(&kefu.Typing{SenderType: kefu.SenderAgent, SenderID: "agent-secret", Name: "Li Lei", Typing: true}), "sender_type name typing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "secret") {
				t.Fatalf("got %s, want no private field", b)
			}
			if got := jsonKeys(t, b); !sameKeys(got, tt.keys) {
				t.Fatalf("got keys %v, want %s", got, tt.keys)
			}
		})
	}
	if got := kefu.NewVisitorMessage(m, testLinks{}).Attachments[0].URL; got != "/signed/a1" {
		t.Fatalf("got attachment URL %q, want the linker's signed URL", got)
	}
	if got := kefu.NewVisitorMessage(&kefu.Message{}, testLinks{}).Attachments; got == nil {
		t.Fatal("got nil attachments, want an empty list (JSON [])")
	}
}

func TestVisitorItem(t *testing.T) {
	msg := &kefu.Message{ConversationID: "c", Seq: 3, Kind: kefu.KindText}
	note := &kefu.Message{ConversationID: "c", Seq: 4, Kind: kefu.KindNote}
	tests := []struct {
		name    string
		ev      kefu.Event
		ok      bool
		seq     int64
		advance bool
	}{
		{"message", kefu.Event{Type: kefu.EventMessageCreated, Message: msg}, true, 3, false},
		{"note created advances", kefu.Event{Type: kefu.EventMessageCreated, Message: note}, true, 4, true},
		{"note updated hidden", kefu.Event{Type: kefu.EventMessageUpdated, Message: note}, false, 0, false},
		{"message updated has no seq", kefu.Event{Type: kefu.EventMessageUpdated, Message: msg}, true, 0, false},
		{"conversation", kefu.Event{Type: kefu.EventConversationUpdated, Conversation: &kefu.Conversation{ID: "c"}}, true, 0, false},
		{"conversation missing", kefu.Event{Type: kefu.EventConversationCreated}, false, 0, false},
		{"presence", kefu.Event{Type: kefu.EventPresence, Presence: &kefu.Presence{}}, false, 0, false},
		{"own typing", kefu.Event{Type: kefu.EventTyping, Typing: &kefu.Typing{SenderType: kefu.SenderContact}}, false, 0, false},
		{"unknown type", kefu.Event{Type: "ticket.created"}, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, ok := visitorItem(&tt.ev, testLinks{})
			if ok != tt.ok || (ok && (it.seq != tt.seq || (it.frame == nil) != tt.advance)) {
				t.Fatalf("got ok=%v seq=%d advance=%v, want ok=%v seq=%d advance=%v", ok, it.seq, it.frame == nil, tt.ok, tt.seq, tt.advance)
			}
			if ok && it.convID != "c" {
				t.Fatalf("got conversation %q, want c (from the payload)", it.convID)
			}
		})
	}
}
