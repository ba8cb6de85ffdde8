package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// doFrom is do with a browser Origin header ("" sends none).
func (s *testServer) doFrom(origin, method, path, token string, body any) response {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			s.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		s.t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.exchange(req)
}

// exchange runs req and reads the whole answer.
func (s *testServer) exchange(req *http.Request) response {
	s.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("read body: %v", err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// TestVisitorAPIEnforcesAllowedOrigins checks that an inbox's allowed_origins hold on every
// visitor REST endpoint, not only on the realtime streams: a page of a site the inbox does not
// list is refused with origin_not_allowed and nothing happens, while listed sites, kefu's own
// pages and server-to-server calls without an Origin keep working.
func TestVisitorAPIEnforcesAllowedOrigins(t *testing.T) {
	forEachDatabase(t, testVisitorAPIEnforcesAllowedOrigins)
}

func testVisitorAPIEnforcesAllowedOrigins(t *testing.T, db database) {
	s := MustRunMain(t, testConfig(t, db))
	o := s.mustSetupOrg("Origins")
	const shop, evil = "https://shop.example", "https://evil.example"
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"allowed_origins": []string{shop}})
	v := s.mustVisitor(o.WidgetKey) // server-to-server: no Origin
	conv := s.mustStartConversation(v, "hello")
	endpoints := []struct {
		method, path, token string
		body                any
	}{
		{"GET", "/api/v1/widget/config?widget_key=" + o.WidgetKey, "", nil},
		{"POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": o.WidgetKey}},
		{"PATCH", "/api/v1/widget/contact", v.Token, map[string]string{"name": "Mallory"}},
		{"GET", "/api/v1/widget/conversations", v.Token, nil},
		{"POST", "/api/v1/widget/conversations", v.Token, map[string]any{}},
		{"GET", "/api/v1/widget/conversations/" + conv + "/messages", v.Token, nil},
		{"POST", "/api/v1/widget/conversations/" + conv + "/messages", v.Token, map[string]string{"content": "from evil", "client_msg_id": "evil-1"}},
		{"POST", "/api/v1/widget/conversations/" + conv + "/read", v.Token, map[string]int{"seq": 1}},
		{"POST", "/api/v1/widget/conversations/" + conv + "/typing", v.Token, map[string]bool{"typing": true}},
		{"GET", "/api/v1/widget/conversations/" + conv + "/queue", v.Token, nil},
		{"POST", "/api/v1/widget/conversations/" + conv + "/attachments", v.Token, nil},
	}
	for _, e := range endpoints {
		r := s.doFrom(evil, e.method, e.path, e.token, e.body)
		if r.Status != 403 || r.Code(t) != "origin_not_allowed" || !strings.Contains(string(r.Body), "allowed_origins") {
			t.Errorf("%s %s from %s: got %d %s, want 403 origin_not_allowed naming allowed_origins", e.method, e.path, evil, r.Status, r.Body)
		}
	}
	var msgs struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations/"+conv+"/messages", v.Token, nil).JSON(t, &msgs)
	if len(msgs.Messages) != 1 {
		t.Errorf("after refused sends: got %d messages, want only the first", len(msgs.Messages))
	}
	for _, origin := range []string{shop, s.URL(), ""} {
		if r := s.doFrom(origin, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": o.WidgetKey}); r.Status != 200 {
			t.Errorf("session from origin %q: got %d %s, want 200", origin, r.Status, r.Body)
		}
		if r := s.doFrom(origin, "GET", "/api/v1/widget/conversations", v.Token, nil); r.Status != 200 {
			t.Errorf("conversations from origin %q: got %d %s, want 200", origin, r.Status, r.Body)
		}
	}
}
