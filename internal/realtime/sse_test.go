package realtime

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestAgentSSEStreamAndLastEventID(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{SSEHeartbeat: 50 * time.Millisecond})
	b := e.backend
	b.addMessage("conv1", kefu.SenderContact, kefu.KindText, "three") // 3
	cookie := http.Header{"Cookie": {sessionCookie + "=tok-a1"}}
	s := e.openSSE("/api/v1/events?cursor=1", cookie)
	if ct := s.resp.Header.Get("Content-Type"); s.resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("got HTTP %d %q, want 200 text/event-stream", s.resp.StatusCode, ct)
	}
	if ev := s.next(); ev.event != frameWelcome || ev.id != "" || !strings.Contains(ev.data, `"cursor":3`) {
		t.Fatalf("got %+v, want welcome with cursor 3", ev)
	}
	for _, want := range []string{"2", "3"} {
		if ev := s.next(); ev.id != want {
			t.Fatalf("got %+v, want id %s", ev, want)
		}
	}
	b.post("conv1", kefu.SenderContact, kefu.KindText, "four")
	ev := s.next()
	var f frame
	if err := json.Unmarshal([]byte(ev.data), &f); err != nil || ev.id != "4" || ev.event != string(kefu.EventMessageCreated) || *f.Cursor != 4 {
		t.Fatalf("got %+v (%v), want message.created with id 4", ev, err)
	}
	waitFor(t, "a heartbeat", func() bool {
		select {
		case ev := <-s.events:
			return ev.event == ":heartbeat"
		default:
			return false
		}
	})
	if r := <-s.retry; r != "2000" {
		t.Fatalf("got retry %q, want 2000", r)
	}
	s.resp.Body.Close()
	waitFor(t, "the stream to unregister", func() bool { a, _ := e.hub.Counts(); return a == 0 })

	// EventSource reconnects with the original URL plus Last-Event-ID, which wins.
	cookie.Set("Last-Event-ID", "3")
	s2 := e.openSSE("/api/v1/events?cursor=1", cookie)
	if ev := s2.next(); ev.event != frameWelcome {
		t.Fatalf("got %+v, want welcome", ev)
	}
	if ev := s2.next(); ev.id != "4" {
		t.Fatalf("got %+v, want only id 4 after Last-Event-ID 3", ev)
	}
}

func TestAgentSSEBearerAndErrors(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.agentOrigins["https://app.example"] = true
	tests := []struct {
		name   string
		path   string
		header http.Header
		code   kefu.Code // "" = the stream opens
	}{
		{"bearer token", "/api/v1/events", http.Header{"Authorization": {"Bearer tok-a1"}}, ""},
		{"no credentials", "/api/v1/events", nil, kefu.CodeUnauthenticated},
		{"bad token", "/api/v1/events", http.Header{"Authorization": {"Bearer nope"}}, kefu.CodeUnauthenticated},
		{"bad cursor", "/api/v1/events?cursor=-1", http.Header{"Authorization": {"Bearer tok-a1"}}, kefu.CodeInvalid},
		{"bad Last-Event-ID", "/api/v1/events", http.Header{"Authorization": {"Bearer tok-a1"}, "Last-Event-Id": {"x"}}, kefu.CodeInvalid},
		{"foreign origin", "/api/v1/events", http.Header{"Authorization": {"Bearer tok-a1"}, "Origin": {"https://evil.example"}}, kefu.CodeForbidden},
		{"visitor token", "/api/v1/widget/events?token=vtok-1", nil, ""},
		{"visitor without token", "/api/v1/widget/events", nil, kefu.CodeUnauthenticated},
		{"visitor bad token", "/api/v1/widget/events?token=bad", nil, kefu.CodeUnauthenticated},
		{"visitor bad since", "/api/v1/widget/events?token=vtok-1&since=conv1", nil, kefu.CodeInvalid},
		{"visitor negative since", "/api/v1/widget/events?token=vtok-1&since=conv1:-2", nil, kefu.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.openSSE(tt.path, tt.header)
			defer s.resp.Body.Close()
			if tt.code == "" {
				if s.resp.StatusCode != http.StatusOK {
					t.Fatalf("got HTTP %d, want 200", s.resp.StatusCode)
				}
				return
			}
			expectProblem(t, s.resp, tt.code)
		})
	}
}

func TestVisitorSSE(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	b := e.backend
	b.addMessage("conv1", kefu.SenderContact, kefu.KindText, "one") // 1
	b.addMessage("conv1", kefu.SenderAgent, kefu.KindNote, "note")  // 2
	b.addMessage("conv1", kefu.SenderAgent, kefu.KindText, "three") // 3
	s := e.openSSE("/api/v1/widget/events?token=vtok-1&since=conv1:1", http.Header{"Origin": {"https://shop.example"}})
	if got := s.resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Fatalf("got Access-Control-Allow-Origin %q, want *", got)
	}
	want := []sseEvent{
		{event: frameWelcome},
		{event: string(kefu.EventConversationUpdated)},
		{event: string(kefu.EventMessageCreated), id: "conv1:3"},
	}
	for _, w := range want {
		if ev := s.next(); ev.event != w.event || ev.id != w.id || strings.Contains(ev.data, "note") || strings.Contains(ev.data, "cursor") {
			t.Fatalf("got %+v, want %+v without notes or cursors", ev, w)
		}
	}
	b.post("conv1", kefu.SenderAgent, kefu.KindNote, "note") // 4: advance only
	b.post("conv1", kefu.SenderAgent, kefu.KindText, "five") // 5
	if ev := s.next(); ev.id != "conv1:5" {
		t.Fatalf("got %+v, want conv1:5", ev)
	}
	if b.refillCalls != 0 {
		t.Fatalf("got %d refills, want 0", b.refillCalls)
	}
	s.resp.Body.Close()
	// Reconnect: Last-Event-ID raises the since of its conversation.
	s2 := e.openSSE("/api/v1/widget/events?token=vtok-1&since=conv1:1", http.Header{"Last-Event-Id": {"conv1:3"}})
	s2.next() // welcome
	s2.next() // snapshot
	if ev := s2.next(); ev.id != "conv1:5" {
		t.Fatalf("got %+v, want only conv1:5 after Last-Event-ID conv1:3", ev)
	}
}

func TestVisitorSSEPreflightAndOrigin(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.visitorOrigins = map[string]bool{"https://shop.example": true}
	req, _ := http.NewRequest(http.MethodOptions, e.srv.URL+"/api/v1/widget/events?token=vtok-1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Last-Event-ID") {
		t.Fatalf("got HTTP %d %v, want 204 with CORS headers", resp.StatusCode, resp.Header)
	}
	s := e.openSSE("/api/v1/widget/events?token=vtok-1", http.Header{"Origin": {"https://evil.example"}})
	if s.resp.StatusCode != http.StatusForbidden {
		t.Fatalf("got HTTP %d, want 403 for an origin the inbox does not allow", s.resp.StatusCode)
	}
}

func TestSSESlowConsumerAndResync(t *testing.T) {
	e := newEnv(t, HubOptions{}, HandlerOptions{})
	e.backend.retainAfter = 2
	s := e.openSSE("/api/v1/events?cursor=1", http.Header{"Authorization": {"Bearer tok-a1"}})
	if ev := s.next(); ev.event != frameResyncRequired {
		t.Fatalf("got %+v, want resync_required", ev)
	}
	s.expectEnd()

	s2 := e.openSSE("/api/v1/events", http.Header{"Authorization": {"Bearer tok-a1"}})
	s2.next() // welcome
	var c *conn
	waitFor(t, "the SSE connection to register", func() bool {
		e.hub.mu.RLock()
		defer e.hub.mu.RUnlock()
		for k := range e.hub.agents["org1"] {
			c = k
		}
		return c != nil
	})
	c.kill(CloseSlowConsumer, "slow consumer") // what the hub does when the queue overflows
	if ev := s2.next(); ev.event != frameReconnect || !strings.Contains(ev.data, `"code":4000`) {
		t.Fatalf("got %+v, want reconnect with code 4000", ev)
	}
	s2.expectEnd()
}
