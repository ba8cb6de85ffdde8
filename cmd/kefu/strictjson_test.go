package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The messages every transport gives for the two kinds of JSON that encoding/json would take
// silently (the last duplicate wins; a lone surrogate becomes U+FFFD).
const (
	dupContent = `duplicate key "content"`
	unpaired   = `invalid \u escape: unpaired surrogate`
)

// loneSurrogates are string contents that escape a surrogate outside a valid pair.
var loneSurrogates = map[string]string{
	"lone high":               `\ud800`,
	"lone low":                `\udc00`,
	"high then a letter":      `\ud83dx`,
	"high then a non-low":     `\ud83d\u0041`,
	"high then high":          `\ud83d\ud83d`,
	"low then high":           `\ude00\ud83d`,
	"high then escaped slash": `\ud83d\\ude00`,
}

// TestStrictJSON: duplicate keys and escaped lone surrogates are refused with 400
// malformed_request and the same message over REST (agent and widget endpoints, with or without
// a JSON content type) and both WebSockets; an escaped surrogate pair is stored as its emoji.
func TestStrictJSON(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Strict")
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		t.Run("REST", func(t *testing.T) { testStrictREST(t, s.with(t), o, v, conv) })
		t.Run("WebSocket", func(t *testing.T) { testStrictWS(t, s.with(t), o, v, conv) })
	})
}

// strictCase is one raw body and the phrase its problem's detail must hold.
type strictCase struct {
	name, method, path, token, contentType, body, want string
}

func testStrictREST(t *testing.T, s *testServer, o *org, v *visitor, conv string) {
	agent := o.Tokens["agent"]
	send := "/api/v1/conversations/" + conv + "/messages"
	wsend := "/api/v1/widget/conversations/" + conv + "/messages"
	cases := []strictCase{
		{"agent send: duplicate", "POST", send, agent, "application/json", `{"content":"a","client_msg_id":"d1","content":"last-wins"}`, dupContent},
		{"agent send: duplicate, no content type", "POST", send, agent, "", `{"content":"a","client_msg_id":"d2","content":"last-wins"}`, dupContent},
		{"widget send: duplicate", "POST", wsend, v.Token, "application/json", `{"content":"a","client_msg_id":"d3","content":"last-wins"}`, dupContent},
		{"widget session: duplicate", "POST", "/api/v1/widget/sessions", "", "application/json", `{"widget_key":"` + o.WidgetKey + `","widget_key":"x"}`, `duplicate key "widget_key"`},
		{"contact: nested duplicate", "PATCH", "/api/v1/contacts/" + v.ContactID, o.Tokens["owner"], "application/json", `{"attributes":{"plan":"free","plan":"pro"}}`, `duplicate key "plan"`},
		{"login: duplicate", "POST", "/api/v1/auth/login", "", "application/json", `{"email":"a@example.com","password":"password-1","email":"b@example.com"}`, `duplicate key "email"`},
	}
	for name, esc := range loneSurrogates {
		cases = append(cases,
			strictCase{"agent send: " + name, "POST", send, agent, "application/json", `{"content":"a` + esc + `b","client_msg_id":"s1"}`, unpaired},
			strictCase{"widget send: " + name, "POST", wsend, v.Token, "", `{"content":"a` + esc + `b","client_msg_id":"s2"}`, unpaired},
			strictCase{"contact: " + name + " in a key", "PATCH", "/api/v1/contacts/" + v.ContactID, o.Tokens["owner"], "application/json", `{"attributes":{"k` + esc + `":"v"}}`, unpaired})
	}
	for _, c := range cases {
		r := s.doRaw(c.method, c.path, c.token, c.contentType, strings.NewReader(c.body))
		checkStrictProblem(t, c.name, r, c.want)
	}
	s.mustNotStore(o.Tokens["owner"], conv, "last-wins", "\ufffd")

	// A surrogate pair is one character, stored as that character.
	r := s.doRaw("POST", send, agent, "application/json", strings.NewReader(`{"content":"smile \ud83d\ude00","client_msg_id":"pair-rest"}`))
	if r.Status != 201 {
		t.Fatalf("agent send with an escaped surrogate pair: status %d (%s), want 201", r.Status, r.Body)
	}
	s.mustStore(o.Tokens["owner"], conv, "pair-rest", "smile 😀")
}

// checkStrictProblem asserts r is a 400 malformed_request whose detail holds want.
func checkStrictProblem(t *testing.T, name string, r response, want string) {
	t.Helper()
	var p struct {
		Code   string `json:"code"`
		Detail string `json:"detail"`
	}
	_ = json.Unmarshal(r.Body, &p)
	if r.Status != 400 || p.Code != "malformed_request" || !strings.Contains(p.Detail, want) {
		t.Errorf("%s: got %d %s, want 400 malformed_request with %q", name, r.Status, r.Body, want)
	}
}

func testStrictWS(t *testing.T, s *testServer, o *org, v *visitor, conv string) {
	frames := map[string]string{"duplicate": `"content":"a","content":"last-wins"`}
	for name, esc := range loneSurrogates {
		frames[name] = `"content":"a` + esc + `b"`
		frames[name+" in a key"] = `"content":"a","x` + esc + `":1`
	}
	for _, path := range []struct{ path, token string }{{"/api/v1/ws", o.Tokens["agent"]}, {"/api/v1/widget/ws", v.Token}} {
		c := s.mustWelcome(path.path, map[string]any{"token": path.token})
		for name, fields := range frames {
			want := unpaired
			if name == "duplicate" {
				want = dupContent
			}
			raw := `{"type":"send","ref":"r","conversation_id":"` + conv + `","client_msg_id":"w",` + fields + `}`
			checkStrictErrorFrame(t, path.path+" "+name, wsRaw(t, c, raw), want)
		}
		ref := "pair" + strings.ReplaceAll(path.path, "/", "-")
		reply := wsRaw(t, c, `{"type":"send","ref":"`+ref+`","conversation_id":"`+conv+`","client_msg_id":"`+ref+`","content":"smile \ud83d\ude00"}`)
		if !bytes.Contains(reply, []byte(`"type":"ack"`)) {
			t.Fatalf("%s send with an escaped surrogate pair: got %s, want an ack", path.path, reply)
		}
		s.mustStore(o.Tokens["owner"], conv, ref, "smile 😀")
	}
	s.mustNotStore(o.Tokens["owner"], conv, "last-wins", "\ufffd")
}

// wsRaw writes one raw text frame and returns the next ack or error frame.
func wsRaw(t *testing.T, c *websocket.Conn, raw string) []byte {
	t.Helper()
	if err := c.WriteMessage(websocket.TextMessage, []byte(raw)); err != nil {
		t.Fatalf("write frame: %v", err)
	}
	return readUntilRaw(t, c, func(b []byte) bool {
		return bytes.Contains(b, []byte(`"type":"ack"`)) || bytes.Contains(b, []byte(`"type":"error"`))
	})
}

func readUntilRaw(t *testing.T, c *websocket.Conn, match func([]byte) bool) []byte {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, b, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a reply: %v", err)
		}
		if match(b) {
			return b
		}
	}
}

// checkStrictErrorFrame asserts raw is an error frame with code malformed_request and want in
// its message.
func checkStrictErrorFrame(t *testing.T, name string, raw []byte, want string) {
	t.Helper()
	var f struct {
		Type, Code, Message string
	}
	_ = json.Unmarshal(raw, &f)
	if f.Type != "error" || f.Code != "malformed_request" || !strings.Contains(f.Message, want) {
		t.Errorf("%s: got %s, want an error frame malformed_request with %q", name, raw, want)
	}
}

type strictMessage struct {
	Content     string `json:"content"`
	ClientMsgID string `json:"client_msg_id"`
}

func (s *testServer) strictMessages(token, conv string) []strictMessage {
	s.t.Helper()
	var out struct {
		Messages []strictMessage `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/messages?limit=200", token, nil).JSON(s.t, &out)
	return out.Messages
}

// mustStore asserts the message sent with clientMsgID has exactly content.
func (s *testServer) mustStore(token, conv, clientMsgID, content string) {
	s.t.Helper()
	for _, m := range s.strictMessages(token, conv) {
		if m.ClientMsgID == clientMsgID {
			if m.Content != content {
				s.t.Errorf("message %s: stored %q (% x), want %q", clientMsgID, m.Content, m.Content, content)
			}
			return
		}
	}
	s.t.Errorf("message %s: not stored", clientMsgID)
}

// mustNotStore asserts no message holds any of the markers a refused body carried.
func (s *testServer) mustNotStore(token, conv string, markers ...string) {
	s.t.Helper()
	for _, m := range s.strictMessages(token, conv) {
		for _, mark := range markers {
			if strings.Contains(m.Content, mark) {
				s.t.Errorf("a refused message was stored: %q", m.Content)
			}
		}
	}
}
