package main

import (
	"strings"
	"testing"
	"time"
)

// TestVisitorAgentRoundTrip walks the core flow a new user tries first, on every database:
// set up, open the widget, chat both ways over REST and WebSocket.
func TestVisitorAgentRoundTrip(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Acme")
		v := s.mustVisitor(o.WidgetKey)
		agentWS := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]})
		readUntil(t, agentWS, 5*time.Second, func(f frame) bool { return f.str("type") == "welcome" })

		convID := s.mustStartConversation(v, "你好, I need help")
		got := readUntil(t, agentWS, 5*time.Second, func(f frame) bool { return f.str("type") == "message.created" })
		msg, _ := got["message"].(map[string]any)
		if msg["content"] != "你好, I need help" {
			t.Errorf("agent received content %v, want the visitor's text", msg["content"])
		}

		visitorWS := s.dialWS("/api/v1/widget/ws", map[string]any{"token": v.Token, "since": map[string]int{convID: 1}})
		readUntil(t, visitorWS, 5*time.Second, func(f frame) bool { return f.str("type") == "welcome" })
		s.mustDo(201, "POST", "/api/v1/conversations/"+convID+"/messages", o.Tokens["agent"], map[string]string{"content": "Hi! How can I help?"})
		reply := readUntil(t, visitorWS, 5*time.Second, func(f frame) bool { return f.str("type") == "message.created" })
		rm, _ := reply["message"].(map[string]any)
		if rm["content"] != "Hi! How can I help?" || rm["sender_type"] != "agent" {
			t.Errorf("visitor received %v, want the agent's reply", rm)
		}
		if _, leaked := rm["org_id"]; leaked {
			t.Errorf("visitor frame carries org_id: %v", rm)
		}
		body := string(s.mustDo(200, "GET", "/api/v1/openapi.json", "", nil).Body)
		if !strings.Contains(body, `"/api/v1/widget/sessions"`) {
			t.Errorf("OpenAPI document lacks the widget session endpoint")
		}
	})
}
