package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// tenant is an organisation with one of every object the API takes by id, for the isolation
// and bad-input tests: two visitors each with a conversation holding messages, an attachment,
// a label, a team and an admin API token.
type tenant struct {
	*org
	Name           string
	Visitor        *visitor // owns ConvID
	Other          *visitor // a second visitor of the same inbox, owns OtherConvID
	ConvID         string
	OtherConvID    string
	LabelID        string
	LabelName      string
	CannedID       string // a shared canned reply
	TeamID         string
	RoleID         string // a custom role
	APITokenID     string
	InvitationID   string // a pending agent invitation
	APIToken       string // admin-role API token secret
	WebhookID      string
	WebhookJobID   string // the job of a test ping to the webhook
	AttachmentID   string
	FileURL        string // the agents' download path of the attachment
	VisitorMsgSeqs []int64
}

// pngBytes is a tiny file that sniffs as image/png.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)

// mustTenant provisions an organisation (setup on a fresh server, `kefu admin create --org`
// after that) with conversations, messages, a label, a team, an API token and an attachment.
func (s *testServer) mustTenant(name string) *tenant {
	s.t.Helper()
	tn := &tenant{org: s.mustSetupOrg(name), Name: name}
	owner := tn.Tokens["owner"]
	tn.Visitor, tn.Other = s.mustVisitor(tn.WidgetKey), s.mustVisitor(tn.WidgetKey)
	tn.ConvID = s.mustStartConversation(tn.Visitor, name+" visitor says hi")
	tn.OtherConvID = s.mustStartConversation(tn.Other, name+" other visitor says hi")
	s.mustDo(201, "POST", "/api/v1/conversations/"+tn.ConvID+"/messages", tn.Tokens["agent"], map[string]string{"content": name + " agent reply", "client_msg_id": "r1"})

	var att struct {
		ID  string `json:"id"`
		URL string `json:"url"`
	}
	s.mustUpload(201, "/api/v1/conversations/"+tn.ConvID+"/attachments", tn.Tokens["agent"], "a.png", pngBytes).JSON(s.t, &att)
	tn.AttachmentID, tn.FileURL = att.ID, att.URL
	s.mustDo(201, "POST", "/api/v1/conversations/"+tn.ConvID+"/messages", tn.Tokens["agent"], map[string]any{"content": "see file", "attachment_ids": []string{att.ID}})

	tn.LabelName = strings.ToLower(name) + "-vip"
	var label, team struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/labels", owner, map[string]string{"name": tn.LabelName, "color": "#ff0000"}).JSON(s.t, &label)
	s.mustDo(201, "POST", "/api/v1/teams", owner, map[string]any{"name": name + " support", "member_ids": []string{tn.AgentIDs["agent"]}}).JSON(s.t, &team)
	tn.LabelID, tn.TeamID = label.ID, team.ID
	var canned struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/canned-replies", owner, map[string]string{"shortcut": "hi", "content": "你好", "scope": "shared"}).JSON(s.t, &canned)
	tn.CannedID = canned.ID
	s.mustDo(200, "PUT", "/api/v1/conversations/"+tn.ConvID+"/labels", owner, map[string]any{"labels": []string{tn.LabelName}})

	var tok struct {
		Token    string `json:"token"`
		APIToken struct {
			ID string `json:"id"`
		} `json:"api_token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", owner, map[string]string{"name": name + " integration", "role": "admin"}).JSON(s.t, &tok)
	tn.APIToken, tn.APITokenID = tok.Token, tok.APIToken.ID
	var inv issuedInvitation
	s.mustDo(201, "POST", "/api/v1/invitations", owner, map[string]string{"email": strings.ToLower(name) + "-invitee@example.com", "role": "agent"}).JSON(s.t, &inv)
	tn.InvitationID = inv.Invitation.ID
	var role struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/roles", owner, map[string]any{"name": name + " triage",
		"permissions": []string{"conversations.view_all", "conversations.assign"}}).JSON(s.t, &role)
	tn.RoleID = role.ID
	// The webhook points at a closed port: its deliveries fail and nobody waits for them.
	var hook createdWebhook
	s.mustDo(201, "POST", "/api/v1/webhooks", owner, map[string]any{"url": "http://127.0.0.1:9/" + name, "events": []string{"conversation.resolved"}}).JSON(s.t, &hook)
	var ping kefu.Job
	s.mustDo(202, "POST", "/api/v1/webhooks/"+hook.Webhook.ID+"/ping", owner, nil).JSON(s.t, &ping)
	tn.WebhookID, tn.WebhookJobID = hook.Webhook.ID, ping.ID
	return tn
}

// upload posts a multipart form with one file field.
func (s *testServer) upload(path, token, fileName string, content []byte) response {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		s.t.Fatalf("multipart: %v", err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	return s.doRaw("POST", path, token, mw.FormDataContentType(), &buf)
}

// mustUpload is upload that fails the test unless the status is want.
func (s *testServer) mustUpload(want int, path, token, fileName string, content []byte) response {
	s.t.Helper()
	r := s.upload(path, token, fileName, content)
	if r.Status != want {
		s.t.Fatalf("upload %s: got status %d (%s), want %d", path, r.Status, r.Body, want)
	}
	return r
}

// doRaw sends a request with an exact body and content type; path is used as given, so it may
// carry escapes the url package would otherwise normalise.
func (s *testServer) doRaw(method, path, token, contentType string, body io.Reader) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL(), body)
	if err != nil {
		s.t.Fatalf("new request: %v", err)
	}
	req.URL.Opaque = "//" + req.URL.Host + path // keep %2f and friends exactly as written
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := http.DefaultClient
	if s.client != nil {
		client = s.client
	}
	resp, err := client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("read body: %v", err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// dialWSRaw opens a realtime WebSocket without sending anything.
func (s *testServer) dialWSRaw(path string) *websocket.Conn {
	s.t.Helper()
	u := url.URL{Scheme: "ws", Host: s.Addr(), Path: path}
	c, _, err := websocket.DefaultDialer.Dial(u.String(), nil)
	if err != nil {
		s.t.Fatalf("dial %s: %v", path, err)
	}
	s.t.Cleanup(func() { c.Close() })
	return c
}

// mustWelcome dials path with hello and waits for the welcome frame.
func (s *testServer) mustWelcome(path string, hello map[string]any) *websocket.Conn {
	s.t.Helper()
	c := s.dialWS(path, hello)
	readUntil(s.t, c, 5*time.Second, func(f frame) bool { return f.str("type") == "welcome" })
	return c
}

// wsRequest writes a frame and returns the raw reply carrying ref (ack or error), skipping
// events.
func wsRequest(t testing.TB, c *websocket.Conn, msg map[string]any) []byte {
	t.Helper()
	if err := c.WriteJSON(msg); err != nil {
		t.Fatalf("write frame: %v", err)
	}
	return readRawRef(t, c, msg["ref"].(string))
}

// readRawRef reads frames until one carries ref, returning its raw bytes.
func readRawRef(t testing.TB, c *websocket.Conn, ref string) []byte {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.SetReadDeadline(deadline)
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for reply %q: %v", ref, err)
		}
		var f struct {
			Ref string `json:"ref"`
		}
		if json.Unmarshal(data, &f) == nil && f.Ref == ref {
			return data
		}
	}
	t.Fatalf("no reply with ref %q within 5s", ref)
	return nil
}

// closeCode reads until the connection ends and returns the close code the server sent.
func closeCode(t testing.TB, c *websocket.Conn) int {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			t.Fatalf("connection ended without a close frame: %v", err)
		}
	}
}

// randomUUID is an id of the right shape that names nothing.
const randomUUID = "0b9d7f4e-3c1a-4e5b-9f2d-8a7c6b5e4d3c"
