package apichannel

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

// testLinks signs nothing: the callback only needs a URL per attachment.
type testLinks struct{}

func (testLinks) VisitorURL(a *kefu.Attachment) string {
	return "/api/v1/widget/files/" + a.ID + "?sig=x"
}

func newTestAdapter(allow []netip.Prefix) *Adapter {
	return New(Options{Guard: netguard.New(netguard.Options{Allow: allow}), HTTPAllowed: allow,
		Links: testLinks{}, PublicURL: "https://kefu.example"})
}

func testOutbound(callback, secret string) channel.Outbound {
	inbox := &kefu.Inbox{ID: "11111111-1111-1111-1111-111111111111", Name: "Shop", Channel: kefu.ChannelAPI,
		Config: kefu.ChannelConfig{API: &kefu.APIChannel{CallbackURL: callback}}, Secrets: kefu.ChannelSecrets{APISecret: secret}}
	return channel.Outbound{
		Inbox: inbox,
		Message: &kefu.Message{ID: "22222222-2222-2222-2222-222222222222", ConversationID: "c1", Content: "您好，已发货", SenderName: "Lin",
			Attachments: []kefu.Attachment{{ID: "a1", FileName: "invoice.pdf", ContentType: "application/pdf", Size: 1234}}},
		To:      kefu.Identity{Channel: kefu.ChannelAPI, ExternalID: inbox.ID + ":buyer-9"},
		Contact: &kefu.Contact{Name: "王小明"},
		Attempt: 1,
	}
}

// The reply arrives signed as Standard Webhooks says, with the message id as webhook-id, and
// with the integrator's own contact id.
func TestDeliverSigned(t *testing.T) {
	secret := NewSecret()
	var got Callback
	var headers http.Header
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers, body = r.Header.Clone(), mustRead(t, r.Body)
		w.Write([]byte(`{"id":"shop-msg-7"}`))
	}))
	defer srv.Close()
	out := testOutbound(srv.URL+"/kefu", secret)
	res, err := newTestAdapter(loopback).Deliver(context.Background(), out)
	if err != nil || res.PlatformMsgID != "shop-msg-7" {
		t.Fatalf("Deliver() = %+v, %v; want sent with the platform's id", res, err)
	}
	ts, _ := strconv.ParseInt(headers.Get("webhook-timestamp"), 10, 64)
	if headers.Get("webhook-id") != out.Message.ID || headers.Get("webhook-signature") != standardSign(secret, out.Message.ID, ts, string(body)) {
		t.Errorf("headers %v do not carry a valid signature of the message id", headers)
	}
	if d := time.Since(time.Unix(ts, 0)); d < -time.Minute || d > time.Minute {
		t.Errorf("webhook-timestamp %d is not now", ts)
	}
	must(t, json.Unmarshal(body, &got))
	att := got.Message.Attachments
	if got.Type != "message.created" || got.Contact.ExternalID != "buyer-9" || got.Contact.Name != "王小明" ||
		got.Message.Text != "您好，已发货" || got.Message.Sender.Name != "Lin" || got.InboxID != out.Inbox.ID ||
		len(att) != 1 || att[0].URL != "https://kefu.example/api/v1/widget/files/a1?sig=x" || att[0].Size != 1234 {
		t.Errorf("callback = %+v", got)
	}
}

func TestDeliverClassifiesAnswers(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     string
		body       string
		retry      bool
		retryAfter time.Duration
		reason     string
	}{
		{"server error", 500, "", "", true, 0, "the callback answered HTTP 500"},
		{"rate limited with Retry-After", 429, "7", "slow down", true, 7 * time.Second, "the callback answered HTTP 429: slow down"},
		{"bad gateway", 502, "", "", true, 0, "the callback answered HTTP 502"},
		{"refused for good", 400, "", "  unknown\nbuyer  ", false, 0, "the callback answered HTTP 400: unknown buyer"},
		{"gone", 410, "", "", false, 0, "the callback answered HTTP 410"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.header != "" {
					w.Header().Set("Retry-After", tt.header)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			_, err := newTestAdapter(loopback).Deliver(context.Background(), testOutbound(srv.URL, NewSecret()))
			var de *channel.DeliveryError
			if !errors.As(err, &de) {
				t.Fatalf("Deliver() = %v, want a DeliveryError", err)
			}
			retry, after := channel.Retryable(err)
			if retry != tt.retry || after != tt.retryAfter || de.Reason != tt.reason {
				t.Errorf("Deliver() = retry %v after %v, reason %q; want %v after %v, %q", retry, after, de.Reason, tt.retry, tt.retryAfter, tt.reason)
			}
		})
	}
}

// Without the operator's allowance a callback on the loopback address is never posted to,
// and no retry can change that.
func TestDeliverRefusedByGuard(t *testing.T) {
	called := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }))
	defer srv.Close()
	_, err := newTestAdapter(nil).Deliver(context.Background(), testOutbound(srv.URL, NewSecret()))
	if retry, _ := channel.Retryable(err); retry || !errors.Is(err, netguard.ErrRefused) || called {
		t.Errorf("Deliver() = %v (retry %v, called %v), want a permanent refusal before any request", err, retry, called)
	}
	_, err = newTestAdapter(loopback).Deliver(context.Background(), testOutbound("", NewSecret()))
	if retry, _ := channel.Retryable(err); retry || err == nil {
		t.Errorf("Deliver() without a callback URL = %v, want a permanent failure", err)
	}
	other := testOutbound(srv.URL, NewSecret())
	other.To.ExternalID = "33333333-3333-3333-3333-333333333333:buyer-9" // another API inbox's customer id
	_, err = newTestAdapter(loopback).Deliver(context.Background(), other)
	if retry, _ := channel.Retryable(err); retry || err == nil || called {
		t.Errorf("Deliver() to an identity of another inbox = %v (called %v), want a permanent failure before any request", err, called)
	}
}

// A network failure is worth retrying.
func TestDeliverNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := newTestAdapter(loopback).Deliver(context.Background(), testOutbound(url, NewSecret()))
	if retry, _ := channel.Retryable(err); !retry {
		t.Errorf("Deliver() to a closed port = %v, want retryable", err)
	}
}

func mustRead(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	must(t, err)
	return b
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
