package telegram

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

const testToken = "123456:AAH-test_token_abcdefghijklmnop"

// received records what the adapter hands the Receiver; the full path through the real
// Receiver is tested in cmd/kefu (telegram_test.go).
type received struct {
	mu  sync.Mutex
	ins []channel.Inbound
	err error
}

func (r *received) Receive(ctx context.Context, in channel.Inbound) (*channel.Received, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	r.ins = append(r.ins, in)
	return &channel.Received{}, nil
}

func (r *received) all() []channel.Inbound {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]channel.Inbound(nil), r.ins...)
}

type fixture struct {
	api   *telegramtest.Server
	a     *Adapter
	rcv   *received
	inbox *kefu.Inbox
}

func newFixture(t *testing.T, publicURL string) *fixture {
	t.Helper()
	api := telegramtest.NewServer(t)
	api.AddBot(testToken, "shop_bot")
	rcv := &received{}
	inbox := &kefu.Inbox{ID: "0193a9a0-0000-7000-8000-000000000001", OrgID: "0193a9a0-0000-7000-8000-000000000002", Channel: kefu.ChannelTelegram,
		Config:  kefu.ChannelConfig{Telegram: &kefu.TelegramChannel{Mode: modeWebhook}},
		Secrets: kefu.ChannelSecrets{BotToken: testToken, WebhookSecret: "s3cret-s3cret"}}
	a := New(Options{APIURL: api.URL, Receiver: rcv, PublicURL: publicURL, MaxWebhookBytes: 4 << 10,
		PollTimeout: time.Second, Rescan: 50 * time.Millisecond})
	return &fixture{api: api, a: a, rcv: rcv, inbox: inbox}
}

// readTracker is a request body that notes whether anyone read it.
type readTracker struct {
	r    io.Reader
	read bool
}

func (b *readTracker) Read(p []byte) (int, error) { b.read = true; return b.r.Read(p) }
func (b *readTracker) Close() error               { return nil }

func TestWebhookSecret(t *testing.T) {
	tests := []struct {
		name, secret string
		want         int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong", "s3cret-s3creX", http.StatusForbidden},
		{"prefix of the right one", "s3cret", http.StatusForbidden},
		{"right", "s3cret-s3cret", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "")
			body := &readTracker{r: strings.NewReader(`{"update_id":5,"message":{"message_id":1,"from":{"id":42,"first_name":"A"},"chat":{"id":42,"type":"private"},"text":"hi"}}`)}
			req := httptest.NewRequest("POST", "/hooks/"+f.inbox.ID, body)
			if tt.secret != "" {
				req.Header.Set(secretHeader, tt.secret)
			}
			w := httptest.NewRecorder()
			f.a.ServeWebhook(w, req, f.inbox)
			got := f.rcv.all()
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
			if tt.want != http.StatusOK && (body.read || len(got) != 0) {
				t.Errorf("refused request: body read %v, %d messages received; want neither", body.read, len(got))
			}
			if tt.want == http.StatusOK && (len(got) != 1 || got[0].Text != "hi") {
				t.Errorf("received %+v, want the one text message", got)
			}
		})
	}
}

func TestWebhookInboxWithoutSecretRefusesAll(t *testing.T) {
	f := newFixture(t, "")
	f.inbox.Secrets.WebhookSecret = ""
	req := httptest.NewRequest("POST", "/hooks/x", strings.NewReader(`{}`))
	req.Header.Set(secretHeader, "anything")
	w := httptest.NewRecorder()
	f.a.ServeWebhook(w, req, f.inbox)
	if w.Code != http.StatusForbidden {
		t.Errorf("status %d, want 403", w.Code)
	}
}

func TestWebhookBadBodies(t *testing.T) {
	big := `{"update_id":5,"message":{"message_id":1,"from":{"id":42,"first_name":"A"},"chat":{"id":42,"type":"private"},"text":"` + strings.Repeat("x", 5<<10) + `"}}`
	tests := []struct {
		name, method, body string
		want               int
	}{
		{"oversize", "POST", big, http.StatusRequestEntityTooLarge},
		{"not JSON", "POST", `{"update_id":`, http.StatusBadRequest},
		{"no update id", "POST", `{"message":{}}`, http.StatusBadRequest},
		{"GET", "GET", "", http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "")
			req := httptest.NewRequest(tt.method, "/hooks/x", strings.NewReader(tt.body))
			req.Header.Set(secretHeader, f.inbox.Secrets.WebhookSecret)
			w := httptest.NewRecorder()
			f.a.ServeWebhook(w, req, f.inbox)
			if w.Code != tt.want || len(f.rcv.all()) != 0 {
				t.Errorf("status %d with %d messages received, want %d and none", w.Code, len(f.rcv.all()), tt.want)
			}
		})
	}
}

// A failure to store answers 500, so that Telegram delivers the update again.
func TestWebhookStoreFailureIsRetried(t *testing.T) {
	f := newFixture(t, "")
	f.rcv.err = kefu.Internal(errors.New("disk full"))
	req := httptest.NewRequest("POST", "/hooks/x", strings.NewReader(`{"update_id":5,"message":{"message_id":1,"from":{"id":42,"first_name":"A"},"chat":{"id":42,"type":"private"},"text":"hi"}}`))
	req.Header.Set(secretHeader, f.inbox.Secrets.WebhookSecret)
	w := httptest.NewRecorder()
	f.a.ServeWebhook(w, req, f.inbox)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
}

// A message kefu refuses for good is dropped with 200: Telegram would otherwise retry it for
// hours (and a poller would stop at it).
func TestWebhookRefusedMessageIsDropped(t *testing.T) {
	f := newFixture(t, "")
	f.rcv.err = kefu.FieldError("content", "refused")
	req := httptest.NewRequest("POST", "/hooks/x", strings.NewReader(`{"update_id":5,"message":{"message_id":1,"from":{"id":42,"first_name":"A"},"chat":{"id":42,"type":"private"},"text":"hi"}}`))
	req.Header.Set(secretHeader, f.inbox.Secrets.WebhookSecret)
	w := httptest.NewRecorder()
	f.a.ServeWebhook(w, req, f.inbox)
	if w.Code != http.StatusOK {
		t.Errorf("status %d, want 200", w.Code)
	}
}
