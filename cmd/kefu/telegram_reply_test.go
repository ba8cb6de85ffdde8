package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// An agent's replies, as committed by the API, go to the customer's chat through the
// registered adapter: text with sendMessage, an image with sendPhoto carrying the uploaded
// bytes, each once, sent by the durable delivery job.
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

	// The durable delivery job sends both, in the order they were written.
	waitFor(t, 10*time.Second, "both replies at Telegram", func() bool { return len(w.api.Sent()) >= 2 })
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
