package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

const tgToken = "4242:AAH-kefu_test_bot_token_abcdef"

var (
	tgPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	tgPDF = []byte("%PDF-1.4\n% the invoice\n")
	tgOGG = append([]byte("OggS\x00\x02"), bytes.Repeat([]byte{0}, 40)...)
)

// tgWorld is a kefu whose Telegram API is a fake, with an organisation and a bot inbox.
type tgWorld struct {
	s     *testServer
	api   *telegramtest.Server
	o     *org
	inbox *kefu.Inbox
}

// mustTelegram boots kefu against a fake Bot API and creates a Telegram inbox in mode. The
// inbox is written through the store: the inbox API's channel settings come with the channels
// framework's admin part.
func mustTelegram(t *testing.T, mode string) *tgWorld {
	return mustTelegramOn(t, databases()[0], mode)
}

// mustTelegramOn is mustTelegram on database db.
func mustTelegramOn(t *testing.T, db database, mode string) *tgWorld {
	api := telegramtest.NewServer(t)
	api.AddBot(tgToken, "shop_bot")
	cfg := testConfig(t, db)
	cfg.TelegramAPIURL = api.URL
	s := mustRun(t, &Main{Config: cfg, Version: "test", ChannelPoll: 50 * time.Millisecond})
	o := s.mustSetupOrg("Telegram")
	in := &kefu.Inbox{OrgID: o.ID, Name: "Shop bot", Channel: kefu.ChannelTelegram, WidgetKey: "tg-" + o.ID,
		Config:  kefu.ChannelConfig{Telegram: &kefu.TelegramChannel{Mode: mode, BotUsername: "shop_bot"}},
		Secrets: kefu.ChannelSecrets{BotToken: tgToken, WebhookSecret: "hook-secret-0123456789abcdef"}}
	if err := s.store.CreateInbox(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	return &tgWorld{s: s, api: api, o: o, inbox: in}
}

// hook posts an update to the inbox's webhook with secret ("" sends no header).
func (w *tgWorld) hook(secret string, body []byte) int {
	req, _ := http.NewRequest("POST", w.s.URL()+"/hooks/"+w.inbox.ID, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.s.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

type tgMessage struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Content     string `json:"content"`
	SenderType  string `json:"sender_type"`
	Attachments []struct {
		ID          string `json:"id"`
		FileName    string `json:"file_name"`
		ContentType string `json:"content_type"`
	} `json:"attachments"`
}

// conversations lists the inbox's conversations as the owner sees them.
func (w *tgWorld) conversations() []channelConv {
	return w.s.inboxConversations(w.o.Tokens["owner"], w.inbox.ID)
}

// messages are the customer's messages of a conversation.
func (w *tgWorld) messages(convID string) []tgMessage {
	return w.s.customerMessages(w.o.Tokens["owner"], convID)
}

func mustUpdate(t *testing.T, id int64, u map[string]any) []byte {
	u["update_id"] = id
	raw, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// A customer writes to the bot: text, a photo, a document and a voice note arrive over the
// webhook and become one conversation of a verified Telegram contact, media kept with their
// bytes; an update Telegram sends again is stored once.
func TestTelegramWebhookToConversation(t *testing.T) {
	forEachDatabase(t, testTelegramWebhookToConversation)
}

func testTelegramWebhookToConversation(t *testing.T, db database) {
	w := mustTelegramOn(t, db, "webhook")
	w.api.AddFile("photo-big", tgPNG)
	w.api.AddFile("doc-1", tgPDF)
	w.api.AddFile("voice-1", tgOGG)
	secret := w.inbox.Secrets.WebhookSecret
	text := mustUpdate(t, 1, telegramtest.PrivateMessage(42, 1, map[string]any{"text": "我的订单还没到"}))
	updates := [][]byte{
		text,
		mustUpdate(t, 2, telegramtest.PrivateMessage(42, 2, map[string]any{"caption": "包装破了", "photo": []map[string]any{
			{"file_id": "photo-small", "width": 90, "height": 90}, {"file_id": "photo-big", "width": 1280, "height": 960}}})),
		mustUpdate(t, 3, telegramtest.PrivateMessage(42, 3, map[string]any{"document": map[string]any{"file_id": "doc-1", "file_name": "invoice.pdf"}})),
		mustUpdate(t, 4, telegramtest.PrivateMessage(42, 4, map[string]any{"voice": map[string]any{"file_id": "voice-1", "mime_type": "audio/ogg"}})),
		text, // Telegram's retry of the first update
	}
	for i, u := range updates {
		if got := w.hook(secret, u); got != 200 {
			t.Fatalf("update %d: status %d, want 200", i, got)
		}
	}
	convs := w.conversations()
	if len(convs) != 1 {
		t.Fatalf("%d conversations, want 1", len(convs))
	}
	ms := w.messages(convs[0].ID)
	if len(ms) != 4 {
		t.Fatalf("%d customer messages, want 4: %+v", len(ms), ms)
	}
	if ms[0].Content != "我的订单还没到" || ms[1].Content != "包装破了" {
		t.Errorf("texts %q, %q; want the message and the photo's caption", ms[0].Content, ms[1].Content)
	}
	w.wantFile(ms[1], "image/png", tgPNG)
	w.wantFile(ms[2], "application/pdf", tgPDF)
	w.wantFile(ms[3], "application/ogg", tgOGG)
	w.wantContact(convs[0].ContactID)
}

// wantFile checks a message has one attachment of type ct whose bytes are want.
func (w *tgWorld) wantFile(m tgMessage, ct string, want []byte) {
	w.s.t.Helper()
	if len(m.Attachments) != 1 || m.Attachments[0].ContentType != ct {
		w.s.t.Errorf("message %q has attachments %+v, want one %s", m.Content, m.Attachments, ct)
		return
	}
	got := w.s.mustDo(200, "GET", "/api/v1/files/"+m.Attachments[0].ID, w.o.Tokens["owner"], nil).Body
	if !bytes.Equal(got, want) {
		w.s.t.Errorf("%s downloaded as %d bytes, want the %d sent", ct, len(got), len(want))
	}
}

func (w *tgWorld) wantContact(id string) {
	w.s.t.Helper()
	var c struct {
		Name       string            `json:"name"`
		Attributes map[string]string `json:"attributes"`
		Identities []struct {
			Channel    string `json:"channel"`
			ExternalID string `json:"external_id"`
			Verified   bool   `json:"verified"`
		} `json:"identities"`
	}
	w.s.mustDo(200, "GET", "/api/v1/contacts/"+id, w.o.Tokens["owner"], nil).JSON(w.s.t, &c)
	if c.Name != "Ivan Petrov" || c.Attributes["telegram_username"] != "ivanp" {
		w.s.t.Errorf("contact %q %v, want Ivan Petrov with his username", c.Name, c.Attributes)
	}
	if len(c.Identities) != 1 || c.Identities[0].Channel != "telegram" || c.Identities[0].ExternalID != "42" || !c.Identities[0].Verified {
		w.s.t.Errorf("identities %+v, want verified telegram 42", c.Identities)
	}
}

// Only Telegram knows the secret: a request without it or with another one is refused and
// stores nothing, as does one too large or for an inbox that does not exist.
func TestTelegramWebhookRefusals(t *testing.T) {
	w := mustTelegram(t, "webhook")
	u := mustUpdate(t, 1, telegramtest.PrivateMessage(42, 1, map[string]any{"text": "forged"}))
	big := mustUpdate(t, 2, telegramtest.PrivateMessage(42, 2, map[string]any{"text": strings.Repeat("x", 2<<20)}))
	tests := []struct {
		name, secret string
		body         []byte
		want         int
	}{
		{"no secret", "", u, 401},
		{"wrong secret", "hook-secret-0123456789abcdeX", u, 403},
		{"another inbox's secret shape", "x", u, 403},
		{"oversize", w.inbox.Secrets.WebhookSecret, big, 413},
	}
	for _, tt := range tests {
		if got := w.hook(tt.secret, tt.body); got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	if r := w.s.do("POST", "/hooks/"+w.o.InboxID, "", u); r.Status != 404 {
		t.Errorf("web inbox's hook: status %d, want 404", r.Status)
	}
	if r := w.s.do("POST", "/hooks/not-an-id", "", u); r.Status != 404 {
		t.Errorf("unknown inbox's hook: status %d, want 404", r.Status)
	}
	if convs := w.conversations(); len(convs) != 0 {
		t.Errorf("%d conversations after refused requests, want 0", len(convs))
	}
}

// Without a public URL kefu polls: updates Telegram holds become messages, and the offset
// confirms each only after it is stored.
func TestTelegramPolling(t *testing.T) {
	w := mustTelegram(t, "polling")
	w.api.QueueUpdate(tgToken, telegramtest.PrivateMessage(7, 1, map[string]any{"text": "hello from polling"}))
	w.api.QueueUpdate(tgToken, telegramtest.PrivateMessage(7, 2, map[string]any{"location": map[string]any{"latitude": 31.23, "longitude": 121.47}}))
	var convs []channelConv
	waitFor(t, 10*time.Second, "the polled conversation", func() bool {
		convs = w.conversations()
		return len(convs) == 1 && len(w.messages(convs[0].ID)) == 2
	})
	ms := w.messages(convs[0].ID)
	if ms[0].Content != "hello from polling" || ms[1].Content != "[location] 31.230000, 121.470000" {
		t.Errorf("messages %q, %q; want the text and the location's fallback", ms[0].Content, ms[1].Content)
	}
	waitFor(t, 5*time.Second, "the offset past both updates", func() bool { return w.api.Confirmed(tgToken) == 1003 })
}

// The inbox API shows what a Telegram inbox can send and which credentials it has, never the
// credentials themselves.
func TestTelegramInboxAPI(t *testing.T) {
	w := mustTelegram(t, "webhook")
	r := w.s.mustDo(200, "GET", "/api/v1/inboxes/"+w.inbox.ID, w.o.Tokens["owner"], nil)
	if bytes.Contains(r.Body, []byte(tgToken)) || bytes.Contains(r.Body, []byte("AAH-kefu")) || bytes.Contains(r.Body, []byte(w.inbox.Secrets.WebhookSecret)) {
		t.Errorf("inbox API shows a credential: %s", r.Body)
	}
	var in struct {
		Capabilities struct {
			Sends           []string `json:"sends"`
			MaxTextBytes    int      `json:"max_text_bytes"`
			Realtime        bool     `json:"realtime"`
			IdempotentSends *bool    `json:"idempotent_sends"`
		} `json:"capabilities"`
		Config struct {
			Telegram   *kefu.TelegramChannel `json:"telegram"`
			SecretsSet []string              `json:"secrets_set"`
		} `json:"config"`
	}
	r.JSON(t, &in)
	c := in.Capabilities
	// Telegram has no idempotency key: a reply a crash cut short is left to the agent.
	if strings.Join(c.Sends, ",") != "text,image,file" || c.MaxTextBytes != 4096 || c.Realtime || c.IdempotentSends == nil || *c.IdempotentSends {
		t.Errorf("capabilities %+v, want text, image and file, 4096 bytes of text, not realtime, not idempotent", c)
	}
	if in.Config.Telegram == nil || in.Config.Telegram.BotUsername != "shop_bot" || strings.Join(in.Config.SecretsSet, ",") != "bot_token,webhook_secret" {
		t.Errorf("config %+v, secrets set %v; want the bot and both secrets named", in.Config.Telegram, in.Config.SecretsSet)
	}
}
