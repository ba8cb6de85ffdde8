package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/apichannel"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// callbackServer is an integrator's endpoint: it verifies each callback's signature with the
// Standard Webhooks algorithm written out in the test, and keeps what it got.
type callbackServer struct {
	*httptest.Server
	t      *testing.T
	secret func() string
	mu     sync.Mutex
	got    []apichannel.Callback
	ids    []string
}

func newCallbackServer(t *testing.T, secret func() string) *callbackServer {
	c := &callbackServer{t: t, secret: secret}
	c.Server = httptest.NewServer(http.HandlerFunc(c.serve))
	t.Cleanup(c.Close)
	return c
}

func (c *callbackServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
	n, _ := strconv.ParseInt(ts, 10, 64)
	if r.Header.Get("webhook-signature") != swSign(c.t, c.secret(), id, n, body) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var cb apichannel.Callback
	if err := json.Unmarshal(body, &cb); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	c.got, c.ids = append(c.got, cb), append(c.ids, id)
	c.mu.Unlock()
	w.Write([]byte(`{"id":"shop-` + cb.Message.ID + `"}`))
}

// An agent's reply in an API inbox's conversation reaches the integrator's callback, signed
// with the inbox's secret, with the message id as webhook-id and the integrator's own id for
// the customer, sent once by the durable delivery job. After a rotation, a delivery of the same
// reply (the adapter built as wireAPIChannel builds it) is signed with the new secret.
func TestAPIChannelDeliversReply(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("ApiOut")
	var inbox apiInbox
	cb := newCallbackServer(t, func() string { return inbox.Secret })
	inbox = s.mustAPIInbox(o, cb.URL+"/kefu/callback")
	body := apiBody("buyer-7", "shop-1", "有现货吗？")
	var in apiResult
	s.postAPIChannelWant(201, inbox.ID, signedHeaders(t, inbox.Secret, "msg_o1", body), body).JSON(t, &in)
	var sent struct {
		Message kefu.Message `json:"message"`
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+in.ConversationID+"/messages", o.Tokens["agent"],
		map[string]string{"content": "有的，今天发货", "client_msg_id": "reply-1"}).JSON(t, &sent)

	received := func() int {
		cb.mu.Lock()
		defer cb.mu.Unlock()
		return len(cb.got)
	}
	waitFor(t, 10*time.Second, "the reply at the callback", func() bool { return received() >= 1 })
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if len(cb.got) != 1 || cb.ids[0] != sent.Message.ID {
		t.Fatalf("callback got %d requests with ids %v, want one with webhook-id %s", len(cb.got), cb.ids, sent.Message.ID)
	}
	got := cb.got[0]
	if got.Type != "message.created" || got.InboxID != inbox.ID || got.ConversationID != in.ConversationID ||
		got.Contact.ExternalID != "buyer-7" || got.Message.Text != "有的，今天发货" || got.Message.Sender.Name == "" {
		t.Errorf("callback = %+v", got)
	}

	// After a rotation the callback is signed with the new secret, which the integrator has.
	var rotated struct {
		APISecret string `json:"api_secret"`
	}
	s.mustDo(200, "POST", "/api/v1/inboxes/"+inbox.ID+"/api-secret/rotate", o.Tokens["owner"], nil).JSON(t, &rotated)
	inbox.Secret = rotated.APISecret
	cb.mu.Unlock()
	res, err := s.deliverAPIReply(t, o, inbox.ID, sent.Message.ID)
	cb.mu.Lock()
	if err != nil || res.PlatformMsgID != "shop-"+sent.Message.ID || len(cb.ids) != 2 || cb.ids[1] != sent.Message.ID {
		t.Errorf("retry after rotation: err %v, ids %v; want the same webhook-id again, signed with the new secret", err, cb.ids)
	}
}

// deliverAPIReply delivers a committed message with an adapter built as wireAPIChannel builds it.
func (s *testServer) deliverAPIReply(t *testing.T, o *org, inboxID, msgID string) (channel.DeliveryResult, error) {
	ctx := context.Background()
	inbox, err := s.store.GetInboxAnyOrg(ctx, inboxID)
	noErr(t, err)
	m, err := s.store.GetMessage(ctx, o.ID, msgID)
	noErr(t, err)
	conv, err := s.store.GetConversation(ctx, o.ID, m.ConversationID)
	noErr(t, err)
	c, err := s.store.GetContact(ctx, o.ID, conv.ContactID)
	noErr(t, err)
	var to kefu.Identity
	for _, id := range c.Identities {
		if id.Channel == kefu.ChannelAPI {
			to = id
		}
	}
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	a := apichannel.New(apichannel.Options{Guard: netguard.New(netguard.Options{Allow: allow}), HTTPAllowed: allow})
	return a.Deliver(ctx, channel.Outbound{Inbox: inbox, Conversation: conv, Message: m, To: to, Contact: c, Attempt: 1})
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
