package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// apiInbox is an API inbox of a test organisation with its signing secret.
type apiInbox struct {
	ID, Secret string
}

// mustAPIInbox creates an API inbox in o as an administrator does, over the inbox API, and
// returns it with the signing secret kefu generated and showed that once. The inbox says its
// replies are idempotent: each carries the message id as its webhook-id.
func (s *testServer) mustAPIInbox(o *org, callbackURL string) apiInbox {
	s.t.Helper()
	body := map[string]any{"name": "Shop API", "channel": "api", "config": map[string]any{"api": map[string]any{"callback_url": callbackURL}}}
	var out struct {
		ID               string `json:"id"`
		GeneratedSecrets struct {
			APISecret string `json:"api_secret"`
		} `json:"generated_secrets"`
		Capabilities struct {
			IdempotentSends bool `json:"idempotent_sends"`
		} `json:"capabilities"`
	}
	s.mustDo(201, "POST", "/api/v1/inboxes", o.Tokens["owner"], body).JSON(s.t, &out)
	if !strings.HasPrefix(out.GeneratedSecrets.APISecret, "whsec_") || !out.Capabilities.IdempotentSends {
		s.t.Fatalf("created API inbox = %+v, want its generated whsec_ secret and idempotent sends", out)
	}
	return apiInbox{ID: out.ID, Secret: out.GeneratedSecrets.APISecret}
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
