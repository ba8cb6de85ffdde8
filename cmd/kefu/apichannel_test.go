package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// A signed customer message becomes a conversation agents see; the integrator's retry of the
// same request, and a re-signed retry of the same message, store it once.
func TestAPIChannelInbound(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("ApiIn")
		inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
		body := apiBody("buyer-1", "shop-msg-1", "我的订单什么时候发货？")
		h := signedHeaders(t, inbox.Secret, "msg_a1", body)
		var first apiResult
		s.postAPIChannelWant(201, inbox.ID, h, body).JSON(t, &first)
		if first.Duplicate || first.ConversationID == "" || first.MessageID == "" || first.ContactID == "" {
			t.Fatalf("first request = %+v, want a new message with its ids", first)
		}

		var conv kefu.Conversation
		s.mustDo(200, "GET", "/api/v1/conversations/"+first.ConversationID, o.Tokens["agent"], nil).JSON(t, &conv)
		if conv.InboxID != inbox.ID || conv.ContactID != first.ContactID {
			t.Errorf("conversation = inbox %s contact %s, want %s and %s", conv.InboxID, conv.ContactID, inbox.ID, first.ContactID)
		}
		s.wantAPIMessages(o, first.ConversationID, "我的订单什么时候发货？")
		c, err := s.store.FindContactByIdentity(context.Background(), o.ID, kefu.ChannelAPI, inbox.ID+":buyer-1")
		if err != nil || c.ID != first.ContactID || c.Name != "王小明" || !c.Identities[0].Verified {
			t.Errorf("contact by identity = %+v, %v; want %s named 王小明, verified", c, err, first.ContactID)
		}

		var replay, resigned apiResult
		s.postAPIChannelWant(200, inbox.ID, h, body).JSON(t, &replay)
		s.postAPIChannelWant(200, inbox.ID, signedHeaders(t, inbox.Secret, "msg_a2", body), body).JSON(t, &resigned)
		for name, r := range map[string]apiResult{"replayed request": replay, "re-signed retry": resigned} {
			if !r.Duplicate || r.MessageID != first.MessageID || r.ConversationID != first.ConversationID {
				t.Errorf("%s = %+v, want the first message %s as a duplicate", name, r, first.MessageID)
			}
		}
		s.wantAPIMessages(o, first.ConversationID, "我的订单什么时候发货？")

		next := apiBody("buyer-1", "shop-msg-2", "单号 SF123")
		var second apiResult
		s.postAPIChannelWant(201, inbox.ID, signedHeaders(t, inbox.Secret, "msg_a3", next), next).JSON(t, &second)
		if second.ConversationID != first.ConversationID {
			t.Errorf("second message went to %s, want the open conversation %s", second.ConversationID, first.ConversationID)
		}
		s.wantAPIMessages(o, first.ConversationID, "我的订单什么时候发货？", "单号 SF123")
	})
}

// Requests that are not signed with the inbox's current secret, now, are refused with 401
// before their body is read as JSON, and store nothing; so are oversize bodies (413) and
// requests to an inbox that is not an API inbox (404).
func TestAPIChannelRefusals(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("ApiNo")
	inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
	other := s.mustAPIInbox(o, "https://93.184.215.14/other")
	body := apiBody("buyer-x", "m-1", "hello")
	now := time.Now().Unix()
	sig := swSign(t, inbox.Secret, "msg_x", now, body)
	stale := now - 6*60
	tests := []struct {
		name    string
		inboxID string
		headers map[string]string
		body    []byte
		status  int
		code    string
	}{
		{"forged signature", inbox.ID, map[string]string{"webhook-id": "msg_x", "webhook-timestamp": fmt.Sprint(now), "webhook-signature": "v1,Zm9yZ2VkIHNpZ25hdHVyZQ=="}, body, 401, "unauthenticated"},
		{"other inbox's secret", inbox.ID, signedHeaders(t, other.Secret, "msg_x", body), body, 401, "unauthenticated"},
		{"body altered after signing", inbox.ID, map[string]string{"webhook-id": "msg_x", "webhook-timestamp": fmt.Sprint(now), "webhook-signature": sig}, apiBody("buyer-x", "m-1", "hellO"), 401, "unauthenticated"},
		{"missing headers", inbox.ID, map[string]string{}, body, 401, "unauthenticated"},
		{"missing signature", inbox.ID, map[string]string{"webhook-id": "msg_x", "webhook-timestamp": fmt.Sprint(now)}, body, 401, "unauthenticated"},
		{"stale timestamp", inbox.ID, map[string]string{"webhook-id": "msg_x", "webhook-timestamp": fmt.Sprint(stale), "webhook-signature": swSign(t, inbox.Secret, "msg_x", stale, body)}, body, 401, "unauthenticated"},
		{"unsigned garbage is not parsed", inbox.ID, map[string]string{}, []byte(`{"contact":`), 401, "unauthenticated"},
		{"web inbox", o.InboxID, signedHeaders(t, inbox.Secret, "msg_x", body), body, 404, "not_found"},
		{"no such inbox", "00000000-0000-0000-0000-000000000000", signedHeaders(t, inbox.Secret, "msg_x", body), body, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.postAPIChannel(tt.inboxID, tt.headers, tt.body)
			if r.Status != tt.status || r.Code(t) != tt.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tt.status, tt.code)
			}
		})
	}

	big := apiBody("buyer-x", "m-big", strings.Repeat("a", 1<<20))
	if r := s.postAPIChannel(inbox.ID, signedHeaders(t, inbox.Secret, "msg_big", big), big); r.Status != 413 || r.Code(t) != "payload_too_large" {
		t.Errorf("oversize body: got %d %s, want 413 payload_too_large", r.Status, r.Body)
	}
	bad := []byte(`{"contact":{"external_id":"buyer-x"},"message":{"id":"m-2","text":"hi","extra":1}}`)
	if r := s.postAPIChannel(inbox.ID, signedHeaders(t, inbox.Secret, "msg_bad", bad), bad); r.Status != 400 || r.Code(t) != "malformed_request" {
		t.Errorf("signed body with an unknown field: got %d %s, want 400 malformed_request", r.Status, r.Body)
	}
	noID := []byte(`{"contact":{"external_id":"buyer-x"},"message":{"text":"hi"}}`)
	if r := s.postAPIChannel(inbox.ID, signedHeaders(t, inbox.Secret, "msg_noid", noID), noID); r.Status != 422 || r.Code(t) != "invalid_input" {
		t.Errorf("signed body without message.id: got %d %s, want 422 invalid_input", r.Status, r.Body)
	}
	if _, err := s.store.FindContactByIdentity(context.Background(), o.ID, kefu.ChannelAPI, inbox.ID+":buyer-x"); !kefu.IsNotFound(err) {
		t.Errorf("refused requests created the contact (err %v), want nothing stored", err)
	}

	// After a rotation the old secret signs nothing.
	s.mustDo(200, "POST", "/api/v1/inboxes/"+inbox.ID+"/api-secret/rotate", o.Tokens["owner"], nil)
	if r := s.postAPIChannel(inbox.ID, signedHeaders(t, inbox.Secret, "msg_old", body), body); r.Status != 401 {
		t.Errorf("request signed with the rotated-out secret: got %d, want 401", r.Status)
	}
	for role, want := range map[string]int{"agent": 403, "supervisor": 403} {
		if r := s.do("POST", "/api/v1/inboxes/"+inbox.ID+"/api-secret/rotate", o.Tokens[role], nil); r.Status != want {
			t.Errorf("%s rotating the secret: got %d, want %d", role, r.Status, want)
		}
	}
	if r := s.do("POST", "/api/v1/inboxes/"+o.InboxID+"/api-secret/rotate", o.Tokens["owner"], nil); r.Status != 409 {
		t.Errorf("rotating a web inbox's API secret: got %d, want 409", r.Status)
	}
}

// The inbound endpoint's contract is in the OpenAPI document: the body's schema (not "binary"),
// the signature as its security scheme, and the callback's headers described.
func TestAPIChannelOpenAPI(t *testing.T) {
	s := MustRunSQLite(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Security    []map[string][]string `json:"security"`
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	s.mustDo(200, "GET", "/api/v1/openapi.json", "", nil).JSON(t, &doc)
	op := doc.Paths["/api/v1/channels/api/{inbox_id}/messages"]["post"]
	if ref := op.RequestBody.Content["application/json"].Schema.Ref; !strings.HasSuffix(ref, "/APIInbound") {
		t.Errorf("request body schema = %q, want the APIInbound schema", ref)
	}
	if len(op.Security) != 1 || op.Security[0]["webhookSignature"] == nil {
		t.Errorf("security = %v, want webhookSignature", op.Security)
	}
}

// Attachments come by URL through the SSRF guard: a file on 127.0.0.1 is fetched only when the
// operator allows that address (outbound_allow), and refused before anything is stored when not.
func TestAPIChannelAttachmentURL(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(png) }))
	defer files.Close()
	att := map[string]string{"url": files.URL + "/photos/parcel.png", "file_name": "parcel.png"}

	t.Run("allowed", func(t *testing.T) {
		s := MustRunSQLite(t) // outbound_allow 127.0.0.1/32
		o := s.mustSetupOrg("ApiFile")
		inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
		body := apiBody("buyer-f", "m-photo", "包裹破损了", att)
		var got apiResult
		s.postAPIChannelWant(201, inbox.ID, signedHeaders(t, inbox.Secret, "msg_f1", body), body).JSON(t, &got)
		ms := s.wantAPIMessages(o, got.ConversationID, "包裹破损了")
		if a := ms[0].Attachments; len(a) != 1 || a[0].FileName != "parcel.png" || a[0].ContentType != "image/png" {
			t.Errorf("attachments = %+v, want parcel.png as image/png", a)
		}
	})
	t.Run("uploaded", func(t *testing.T) {
		s := MustRunSQLite(t)
		o := s.mustSetupOrg("ApiUp")
		inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		pw, _ := mw.CreateFormField("payload")
		pw.Write(apiBody("buyer-u", "m-upload", "", nil...))
		fw, _ := mw.CreateFormFile("file", "收据.png")
		fw.Write(png)
		mw.Close()
		h := signedHeaders(t, inbox.Secret, "msg_u1", buf.Bytes())
		h["Content-Type"] = mw.FormDataContentType()
		var got apiResult
		s.postAPIChannelWant(201, inbox.ID, h, buf.Bytes()).JSON(t, &got)
		ms := s.wantAPIMessages(o, got.ConversationID, "")
		if a := ms[0].Attachments; len(a) != 1 || a[0].FileName != "收据.png" || a[0].ContentType != "image/png" {
			t.Errorf("attachments = %+v, want 收据.png as image/png", a)
		}
		h["webhook-signature"] = swSign(t, inbox.Secret, "msg_u1", time.Now().Unix(), []byte("another body"))
		if r := s.postAPIChannel(inbox.ID, h, buf.Bytes()); r.Status != 401 {
			t.Errorf("multipart body with a signature of another body: got %d, want 401", r.Status)
		}
	})
	t.Run("refused", func(t *testing.T) {
		cfg := testConfig(t, databases()[0])
		cfg.OutboundAllow = nil
		s := MustRunMain(t, cfg)
		o := s.mustSetupOrg("ApiSSRF")
		inbox := s.mustAPIInbox(o, "https://93.184.215.14/kefu")
		for i, u := range []string{files.URL + "/p.png", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://10.1.2.3/x"} {
			body := apiBody("buyer-s", fmt.Sprint("m-ssrf-", i), "look", map[string]string{"url": u})
			r := s.postAPIChannel(inbox.ID, signedHeaders(t, inbox.Secret, fmt.Sprint("msg_s", i), body), body)
			if r.Status != 422 || r.Code(t) != "invalid_input" || !bytes.Contains(r.Body, []byte("message.attachments[0].url")) {
				t.Errorf("attachment at %s: got %d %s, want 422 on message.attachments[0].url", u, r.Status, r.Body)
			}
		}
		if _, err := s.store.FindContactByIdentity(context.Background(), o.ID, kefu.ChannelAPI, inbox.ID+":buyer-s"); !kefu.IsNotFound(err) {
			t.Errorf("refused attachments created the contact (err %v), want nothing stored", err)
		}
	})
}

// postAPIChannelWant is postAPIChannel that fails the test unless the status is want.
func (s *testServer) postAPIChannelWant(want int, inboxID string, headers map[string]string, body []byte) response {
	s.t.Helper()
	r := s.postAPIChannel(inboxID, headers, body)
	if r.Status != want {
		s.t.Fatalf("POST API channel: got %d (%s), want %d", r.Status, r.Body, want)
	}
	return r
}

// wantAPIMessages checks the conversation's messages, as an agent reads them, are the
// customer's texts in order.
func (s *testServer) wantAPIMessages(o *org, convID string, texts ...string) []kefu.Message {
	s.t.Helper()
	var out struct {
		Messages []kefu.Message `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/messages", o.Tokens["agent"], nil).JSON(s.t, &out)
	var got []string
	var customer []kefu.Message
	for _, m := range out.Messages {
		if m.SenderType == kefu.SenderContact {
			got, customer = append(got, m.Content), append(customer, m)
		}
	}
	if strings.Join(got, "|") != strings.Join(texts, "|") {
		s.t.Errorf("customer messages = %q, want %q", got, texts)
	}
	return customer
}
