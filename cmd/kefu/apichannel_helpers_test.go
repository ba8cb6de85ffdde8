package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// apiInbox is an API inbox of a test organisation with its signing secret.
type apiInbox struct {
	ID, Secret string
}

// mustAPIInbox adds an API inbox to o, straight in the store (creating channel inboxes over
// the API is the inbox API's), and takes its secret from the rotate endpoint, as an
// administrator would.
func (s *testServer) mustAPIInbox(o *org, callbackURL string) apiInbox {
	s.t.Helper()
	in := &kefu.Inbox{OrgID: o.ID, Name: "Shop API", Channel: kefu.ChannelAPI, WidgetKey: "wk-api-" + strings.ToLower(rand.Text()),
		Config: kefu.ChannelConfig{API: &kefu.APIChannel{CallbackURL: callbackURL}}}
	if err := s.store.CreateInbox(context.Background(), in); err != nil {
		s.t.Fatalf("create API inbox: %v", err)
	}
	var out struct {
		APISecret string `json:"api_secret"`
	}
	s.mustDo(200, "POST", "/api/v1/inboxes/"+in.ID+"/api-secret/rotate", o.Tokens["owner"], nil).JSON(s.t, &out)
	if !strings.HasPrefix(out.APISecret, "whsec_") {
		s.t.Fatalf("rotated secret %q is not a whsec_ secret", out.APISecret)
	}
	return apiInbox{ID: in.ID, Secret: out.APISecret}
}

// swSign is the Standard Webhooks signature, written out from the specification apart from
// kefu's code: v1, and the base64 HMAC-SHA256 of "id.timestamp.body" keyed with the secret's
// decoded key.
func swSign(t testing.TB, secret, id string, ts int64, body []byte) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatalf("decode secret: %v", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, ts)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// signedHeaders are a request's webhook headers, signed with secret now.
func signedHeaders(t testing.TB, secret, id string, body []byte) map[string]string {
	ts := time.Now().Unix()
	return map[string]string{"webhook-id": id, "webhook-timestamp": fmt.Sprint(ts), "webhook-signature": swSign(t, secret, id, ts, body)}
}

// postAPIChannel posts body to the API inbox's inbound endpoint with the given headers.
func (s *testServer) postAPIChannel(inboxID string, headers map[string]string, body []byte) response {
	s.t.Helper()
	req, err := http.NewRequest("POST", s.URL()+"/api/v1/channels/api/"+inboxID+"/messages", bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("post to the API channel: %v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// apiResult is the inbound endpoint's answer.
type apiResult struct {
	ConversationID string `json:"conversation_id"`
	MessageID      string `json:"message_id"`
	ContactID      string `json:"contact_id"`
	Duplicate      bool   `json:"duplicate"`
}

// apiBody is an inbound request body from customer ext with message id and text.
func apiBody(ext, msgID, text string, attachments ...map[string]string) []byte {
	atts := "[]"
	if len(attachments) > 0 {
		atts = string(mustJSON(attachments))
	}
	return []byte(fmt.Sprintf(`{"contact":{"external_id":%q,"name":"王小明","email":"xm@example.com"},"message":{"id":%q,"text":%q,"attachments":%s}}`,
		ext, msgID, text, atts))
}
