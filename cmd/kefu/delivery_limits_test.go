package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The send path refuses, before anything is stored, a reply the conversation's channel cannot
// take: a kind it cannot receive, text over its size, an attachment over its file size, and a
// reply after its reply window; notes and the web channel are not limited.
func TestDeliveryChannelLimits(t *testing.T) {
	p := channeltest.NewPlatform(false)
	defer p.Close()
	caps := channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText, kefu.KindImage}, MaxTextBytes: 20,
		MaxAttachmentBytes: int64(len(pngBytes)) + 10, ReplyWindow: time.Hour}
	s := mustRun(t, deliveryMain(t, databases()[0], p.URL, caps))
	o := s.mustSetupOrg("Limits")
	conv := mustChannelConversation(t, s.store, o.ID, "cust-1")
	agent := o.Tokens["agent"]
	send := func(body map[string]any) response {
		return s.do("POST", "/api/v1/conversations/"+conv+"/messages", agent, body)
	}
	upload := func(name string, content []byte) string {
		var up struct {
			ID string `json:"id"`
		}
		s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", agent, name, content).JSON(t, &up)
		return up.ID
	}
	bigPNG := append(append([]byte{}, pngBytes...), make([]byte, 100)...)
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"text within the limit", map[string]any{"content": "short"}, 201, ""},
		{"text over the channel's size", map[string]any{"content": strings.Repeat("长", 7)}, 413, "payload_too_large"},
		{"a long note stays inside kefu", map[string]any{"content": strings.Repeat("n", 200), "kind": "note"}, 201, ""},
		{"a file the channel cannot receive", map[string]any{"content": "see", "attachment_ids": []string{upload("a.pdf", pdfBytes())}}, 422, "channel_cannot_send"},
		{"an image over the channel's file size", map[string]any{"content": "see", "attachment_ids": []string{upload("b.png", bigPNG)}}, 413, "payload_too_large"},
		{"an image within it", map[string]any{"content": "see", "attachment_ids": []string{upload("c.png", pngBytes)}}, 201, ""},
	} {
		r := send(tc.body)
		if r.Status != tc.status || (tc.code != "" && r.Code(t) != tc.code) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.Status, r.Body, tc.status, tc.code)
		}
	}
	if r := send(map[string]any{"content": "x", "attachment_ids": []string{upload("d.pdf", pdfBytes())}}); !strings.Contains(string(r.Body), "this channel cannot receive files") {
		t.Errorf("refused file: %s, want it to say the channel cannot receive files", r.Body)
	}
	// A conversation whose customer never wrote has no open reply window.
	quiet, err := s.store.CreateConversation(context.Background(), &kefu.Conversation{OrgID: o.ID,
		InboxID: inboxOf(t, s, o, conv), ContactID: contactOf(t, s, o, conv)})
	if err != nil {
		t.Fatal(err)
	}
	r := s.do("POST", "/api/v1/conversations/"+quiet.ID+"/messages", agent, map[string]any{"content": "hello?"})
	if r.Status != 422 || r.Code(t) != "reply_window_closed" {
		t.Errorf("reply outside the window: %d %s, want 422 reply_window_closed", r.Status, r.Body)
	}
}

func inboxOf(t *testing.T, s *testServer, o *org, conv string) string {
	c, err := s.store.GetConversation(context.Background(), o.ID, conv)
	if err != nil {
		t.Fatal(err)
	}
	return c.InboxID
}

func contactOf(t *testing.T, s *testServer, o *org, conv string) string {
	c, err := s.store.GetConversation(context.Background(), o.ID, conv)
	if err != nil {
		t.Fatal(err)
	}
	return c.ContactID
}

// pdfBytes is a tiny file kefu stores as a file, not an image.
func pdfBytes() []byte { return []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") }

// A channel that takes a few replies per customer message says so in its inbox's capabilities,
// and the send path refuses the reply past them with 422 reply_limit_reached until the customer
// writes again.
func TestDeliveryReplyLimit(t *testing.T) {
	p := channeltest.NewPlatform(false)
	defer p.Close()
	caps := channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}, ReplyWindow: 48 * time.Hour, MaxRepliesPerWindow: 2}
	s := mustRun(t, deliveryMain(t, databases()[0], p.URL, caps))
	o := s.mustSetupOrg("Counted")
	conv := mustChannelConversation(t, s.store, o.ID, "cust-1")
	agent := o.Tokens["agent"]
	var inbox struct {
		Capabilities struct {
			MaxRepliesPerWindow int   `json:"max_replies_per_window"`
			ReplyWindowSeconds  int64 `json:"reply_window_seconds"`
		} `json:"capabilities"`
	}
	s.mustDo(200, "GET", "/api/v1/inboxes/"+inboxOf(t, s, o, conv), o.Tokens["owner"], nil).JSON(t, &inbox)
	if c := inbox.Capabilities; c.MaxRepliesPerWindow != 2 || c.ReplyWindowSeconds != 48*3600 {
		t.Errorf("capabilities = %+v, want 2 replies within 172800 s", c)
	}
	s.mustReply(agent, conv, "one")
	s.mustReply(agent, conv, "two")
	r := s.do("POST", "/api/v1/conversations/"+conv+"/messages", agent, map[string]any{"content": "three"})
	if r.Status != 422 || r.Code(t) != "reply_limit_reached" || !strings.Contains(string(r.Body), "at most 2 replies") {
		t.Errorf("third reply: %d %s, want 422 reply_limit_reached saying at most 2 replies", r.Status, r.Body)
	}
	_, _, err := s.store.AppendMessage(context.Background(), &kefu.Message{OrgID: o.ID, ConversationID: conv,
		SenderType: kefu.SenderContact, SenderID: contactOf(t, s, o, conv), Kind: kefu.KindText, Content: "and?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.mustReply(agent, conv, "three, after the customer wrote")
}
