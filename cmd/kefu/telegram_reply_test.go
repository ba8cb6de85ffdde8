package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// An agent's replies, as committed by the API, go to the customer's chat through the
// registered adapter: text with sendMessage, an image with sendPhoto carrying the uploaded
// bytes. The durable delivery job that calls Deliver comes with the framework; this test
// builds the Outbound as that job is to, from the store.
func TestTelegramReplyDelivered(t *testing.T) {
	w := mustTelegram(t, "webhook")
	if got := w.hook(w.inbox.Secrets.WebhookSecret, mustUpdate(t, 1, telegramtest.PrivateMessage(42, 1, map[string]any{"text": "hi"}))); got != 200 {
		t.Fatalf("webhook: %d", got)
	}
	conv := w.conversations()[0].ID
	owner := w.o.Tokens["owner"]
	var text, photo struct {
		Message kefu.Message `json:"message"`
	}
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", owner, map[string]any{"content": "您好，马上处理"}).JSON(t, &text)
	var att struct {
		ID string `json:"id"`
	}
	w.s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", owner, "label.png", tgPNG).JSON(t, &att)
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", owner, map[string]any{"content": "运单", "attachment_ids": []string{att.ID}}).JSON(t, &photo)

	for _, id := range []string{text.Message.ID, photo.Message.ID} {
		if _, err := w.deliver(id); err != nil {
			t.Fatalf("deliver %s: %v", id, err)
		}
	}
	sent := w.api.Sent()
	if len(sent) != 2 {
		t.Fatalf("Telegram got %d messages, want 2", len(sent))
	}
	if s := sent[0]; s.Method != "sendMessage" || s.ChatID != "42" || s.Text != "您好，马上处理" {
		t.Errorf("first: %s to %s %q, want sendMessage to chat 42", s.Method, s.ChatID, s.Text)
	}
	if s := sent[1]; s.Method != "sendPhoto" || s.ChatID != "42" || s.Caption != "运单" || !bytes.Equal(s.File, tgPNG) {
		t.Errorf("second: %s to %s caption %q, %d bytes; want sendPhoto of the uploaded png with its caption", s.Method, s.ChatID, s.Caption, len(s.File))
	}
}

// deliver does what the delivery job does with a committed message: find its adapter and
// hand it the message with its conversation, inbox and the customer's Telegram identity.
func (w *tgWorld) deliver(msgID string) (channel.DeliveryResult, error) {
	ctx, st := context.Background(), w.s.store
	m, err := st.GetMessage(ctx, w.o.ID, msgID)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	conv, err := st.GetConversation(ctx, w.o.ID, m.ConversationID)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	c, err := st.GetContact(ctx, w.o.ID, conv.ContactID)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	inbox, err := st.GetInboxAnyOrg(ctx, conv.InboxID)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	a, ok := w.s.channels.Deliverer(inbox.Channel, m)
	if !ok || len(c.Identities) != 1 {
		w.s.t.Fatalf("no deliverer for a reply in a %s inbox, or contact identities %+v", inbox.Channel, c.Identities)
	}
	blobs, err := blob.NewDisk(filepath.Join(w.s.Config.DataDir, "files"))
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	return a.Deliver(ctx, channel.Outbound{Inbox: inbox, Conversation: conv, Message: m, To: c.Identities[0], Contact: c, Attempt: 1,
		OpenAttachment: func(ctx context.Context, f kefu.Attachment) (io.ReadCloser, error) {
			return blobs.Open(ctx, f.StorageKey)
		}})
}
