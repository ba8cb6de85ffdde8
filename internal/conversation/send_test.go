package conversation_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestSendValidates(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		validID := "00000000-0000-4000-8000-000000000000"
		tests := []struct {
			name      string
			req       kefu.SendRequest
			wantCode  kefu.Code
			wantField string
		}{
			{"unknown kind", kefu.SendRequest{Content: "hi", Kind: "html"}, kefu.CodeInvalid, "kind"},
			{"event kind", kefu.SendRequest{Content: "hi", Kind: kefu.KindEvent}, kefu.CodeInvalid, "kind"},
			{"image kind", kefu.SendRequest{Content: "hi", Kind: kefu.KindImage}, kefu.CodeInvalid, "kind"},
			{"invalid UTF-8", kefu.SendRequest{Content: "hi \xff"}, kefu.CodeInvalid, "content"},
			{"NUL", kefu.SendRequest{Content: "hi\x00there"}, kefu.CodeInvalid, "content"},
			{"over the size limit", kefu.SendRequest{Content: strings.Repeat("a", kefu.MaxContentBytes+1)}, kefu.CodeTooLarge, ""},
			{"empty", kefu.SendRequest{Content: ""}, kefu.CodeInvalid, "content"},
			{"only spaces", kefu.SendRequest{Content: " \n\t "}, kefu.CodeInvalid, "content"},
			{"too many attachments", kefu.SendRequest{Content: "hi", AttachmentIDs: repeat(validID, kefu.MaxAttachments+1)}, kefu.CodeInvalid, "attachment_ids"},
			{"malformed attachment id", kefu.SendRequest{Content: "hi", AttachmentIDs: []string{"../etc/passwd"}}, kefu.CodeInvalid, "attachment_ids"},
			{"client id too long", kefu.SendRequest{Content: "hi", ClientMsgID: strings.Repeat("x", kefu.MaxClientMsgIDLen+1)}, kefu.CodeInvalid, "client_msg_id"},
			{"client id with a space", kefu.SendRequest{Content: "hi", ClientMsgID: "a b"}, kefu.CodeInvalid, "client_msg_id"},
			{"client id with a control character", kefu.SendRequest{Content: "hi", ClientMsgID: "a\nb"}, kefu.CodeInvalid, "client_msg_id"},
			{"client id not ASCII", kefu.SendRequest{Content: "hi", ClientMsgID: "消息1"}, kefu.CodeInvalid, "client_msg_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.req.ConversationID = c.ID
				_, _, err := e.svc.Send(context.Background(), kefutest.AgentActor(w.agent), tt.req)
				if tt.wantField != "" {
					kefutest.WantField(t, "Send", err, tt.wantField)
				} else {
					kefutest.WantCode(t, "Send", err, tt.wantCode)
				}
			})
		}
		if got := e.conversation(t, w, c.ID).LastSeq; got != 0 {
			t.Errorf("last seq after refused sends: got %d, want 0", got)
		}
	})
}

func TestSendAccepts(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		tests := []struct {
			name string
			req  kefu.SendRequest
			kind kefu.MessageKind
		}{
			{"kind defaults to text", kefu.SendRequest{Content: "hi"}, kefu.KindText},
			{"exactly the size limit", kefu.SendRequest{Content: strings.Repeat("a", kefu.MaxContentBytes)}, kefu.KindText},
			{"note", kefu.SendRequest{Content: "internal", Kind: kefu.KindNote}, kefu.KindNote},
			{"hostile text is data", kefu.SendRequest{Content: `<script>alert(1)</script>`}, kefu.KindText},
			{"longest client id", kefu.SendRequest{Content: "hi", ClientMsgID: strings.Repeat("~", kefu.MaxClientMsgIDLen)}, kefu.KindText},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.req.ConversationID = c.ID
				m, _, err := e.svc.Send(context.Background(), kefutest.AgentActor(w.agent), tt.req)
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				if m.Kind != tt.kind || m.Content != tt.req.Content {
					t.Errorf("got kind %q content %.20q, want %q %.20q", m.Kind, m.Content, tt.kind, tt.req.Content)
				}
			})
		}
	})
}

func TestSendSetsSenderFromActor(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		fromVisitor := e.mustSend(t, visitorActor(w, w.contact), c.ID, "hello")
		if fromVisitor.SenderType != kefu.SenderContact || fromVisitor.SenderID != w.contact.ID {
			t.Errorf("visitor's message: got sender %s/%s, want contact/%s", fromVisitor.SenderType, fromVisitor.SenderID, w.contact.ID)
		}
		fromAgent := e.mustSend(t, kefutest.AgentActor(w.agent), c.ID, "hi, how can I help?")
		if fromAgent.SenderType != kefu.SenderAgent || fromAgent.SenderID != w.agent.ID || fromAgent.SenderName != w.agent.Name {
			t.Errorf("agent's message: got sender %s/%s %q, want agent/%s %q",
				fromAgent.SenderType, fromAgent.SenderID, fromAgent.SenderName, w.agent.ID, w.agent.Name)
		}
		if fromVisitor.Seq != 1 || fromAgent.Seq != 2 {
			t.Errorf("seqs: got %d, %d, want 1, 2", fromVisitor.Seq, fromAgent.Seq)
		}
	})
}

func TestSendDuplicateClientIDReturnsOriginal(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		first, dup, err := e.svc.Send(ctx, visitor, kefu.SendRequest{ConversationID: c.ID, ClientMsgID: "m-1", Content: "hello"})
		if err != nil || dup {
			t.Fatalf("first send: got dup=%v err=%v, want a new message", dup, err)
		}
		again, dup, err := e.svc.Send(ctx, visitor, kefu.SendRequest{ConversationID: c.ID, ClientMsgID: "m-1", Content: "hello, edited"})
		if err != nil {
			t.Fatalf("retry: %v", err)
		}
		if !dup || again.ID != first.ID || again.Seq != first.Seq || again.Content != "hello" {
			t.Errorf("retry: got dup=%v id %s seq %d %q, want dup=true id %s seq %d %q",
				dup, again.ID, again.Seq, again.Content, first.ID, first.Seq, "hello")
		}
		if got := len(e.messages(t, w, c.ID)); got != 1 {
			t.Errorf("messages stored: got %d, want 1", got)
		}
		// The id is unique per conversation, not per organisation.
		other := e.mustConversation(t, w, w.contact)
		m, dup, err := e.svc.Send(ctx, visitor, kefu.SendRequest{ConversationID: other.ID, ClientMsgID: "m-1", Content: "hello"})
		if err != nil || dup || m.ID == first.ID {
			t.Errorf("same client id in another conversation: got dup=%v err=%v, want a new message", dup, err)
		}
	})
}

func TestSendVisitorNote(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		own := e.mustConversation(t, w, w.contact)
		theirs := e.mustConversation(t, w, w.other)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		tests := []struct {
			name      string
			convID    string
			wantCode  kefu.Code
			wantField string
		}{
			{"own conversation: the kind is refused", own.ID, kefu.CodeInvalid, "kind"},
			// The visibility check comes first: someone else's conversation stays not found.
			{"another contact's conversation: not found", theirs.ID, kefu.CodeNotFound, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := e.svc.Send(ctx, visitor, kefu.SendRequest{ConversationID: tt.convID, Content: "psst", Kind: kefu.KindNote})
				kefutest.WantCode(t, "Send note", err, tt.wantCode)
				if tt.wantField != "" {
					kefutest.WantField(t, "Send note", err, tt.wantField)
				}
			})
		}
		for _, id := range []string{own.ID, theirs.ID} {
			if got := e.conversation(t, w, id).LastSeq; got != 0 {
				t.Errorf("conversation %s after refused notes: got last seq %d, want 0", id, got)
			}
		}
	})
}

func TestSendVisibility(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		otherInbox := &kefu.Inbox{OrgID: w.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
		kefutest.Must(t, e.st.CreateInbox(context.Background(), otherInbox))
		sameContactOtherInbox := visitorActor(w, w.contact)
		sameContactOtherInbox.InboxID = otherInbox.ID
		tests := []struct {
			name   string
			actor  kefu.Actor
			convID string
		}{
			{"another contact", visitorActor(w, w.other), c.ID},
			{"own contact through another inbox's token", sameContactOtherInbox, c.ID},
			{"visitor of another organisation", visitorActor(elsewhere, elsewhere.contact), c.ID},
			{"agent of another organisation", kefutest.AgentActor(elsewhere.owner), c.ID},
			{"no actor", kefu.Actor{OrgID: w.org.ID}, c.ID},
			{"system actor", kefu.SystemActor(w.org.ID), c.ID},
			{"malformed id", kefutest.AgentActor(w.agent), "not-an-id"},
			{"unknown id", kefutest.AgentActor(w.agent), "00000000-0000-4000-8000-000000000000"},
		}
		for _, tt := range tests {
			for _, withAttachment := range []bool{false, true} {
				req := kefu.SendRequest{ConversationID: tt.convID, Content: "hi"}
				if withAttachment { // the other path: visibility read before the append
					req.AttachmentIDs = []string{"00000000-0000-4000-8000-000000000000"}
				}
				_, _, err := e.svc.Send(context.Background(), tt.actor, req)
				kefutest.WantCode(t, tt.name, err, kefu.CodeNotFound)
			}
		}
		if got := e.conversation(t, w, c.ID).LastSeq; got != 0 {
			t.Errorf("last seq after refused sends: got %d, want 0", got)
		}
	})
}

func TestSendAttachments(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		upload := func(name string, content []byte, convID string) string {
			t.Helper()
			a, err := e.svc.Upload(ctx, kefutest.AgentActor(w.agent), convID, name, bytes.NewReader(content))
			if err != nil {
				t.Fatalf("Upload(%s): %v", name, err)
			}
			return a.ID
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
		pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
		img1, img2 := upload("a.png", png, c.ID), upload("b.png", png, c.ID)
		img3, doc := upload("c.png", png, c.ID), upload("d.pdf", pdf, c.ID)
		elsewhere := upload("e.png", png, e.mustConversation(t, w, w.contact).ID)

		tests := []struct {
			name      string
			ids       []string
			wantKind  kefu.MessageKind
			wantField string
		}{
			{"only images make an image message", []string{img1, img2}, kefu.KindImage, ""},
			{"any other file makes a file message", []string{img3, doc}, kefu.KindFile, ""},
			{"another conversation's attachment", []string{elsewhere}, "", "attachment_ids"},
			{"an unknown attachment", []string{"00000000-0000-4000-8000-000000000000"}, "", "attachment_ids"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m, _, err := e.svc.Send(ctx, visitor, kefu.SendRequest{ConversationID: c.ID, AttachmentIDs: tt.ids})
				if tt.wantField != "" {
					kefutest.WantField(t, "Send", err, tt.wantField)
					return
				}
				if err != nil {
					t.Fatalf("Send: %v", err)
				}
				if m.Kind != tt.wantKind || len(m.Attachments) != len(tt.ids) {
					t.Errorf("got kind %q with %d attachments, want %q with %d", m.Kind, len(m.Attachments), tt.wantKind, len(tt.ids))
				}
			})
		}
		// A note keeps its kind whatever it carries.
		note := upload("f.png", png, c.ID)
		m, _, err := e.svc.Send(ctx, kefutest.AgentActor(w.agent), kefu.SendRequest{ConversationID: c.ID, Kind: kefu.KindNote, AttachmentIDs: []string{note}})
		if err != nil || m.Kind != kefu.KindNote {
			t.Errorf("note with an image: got %v, %v, want a note", m, err)
		}
	})
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
