package main

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// readView is what a read test looks at of a conversation.
type readView struct {
	ID            string `json:"id"`
	LastSeq       int64  `json:"last_seq"`
	AgentLastRead int64  `json:"agent_last_read_seq"`
	MyLastRead    int64  `json:"my_last_read_seq"`
}

// visitorSeesRead is the agents' read marker as the visitor's widget gets it.
func (s *testServer) visitorSeesRead(v *visitor, convID string) int64 {
	s.t.Helper()
	var out struct {
		Conversations []readView `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations", v.Token, nil).JSON(s.t, &out)
	for _, c := range out.Conversations {
		if c.ID == convID {
			return c.AgentLastRead
		}
	}
	s.t.Fatalf("the visitor's conversations lack %s", convID)
	return 0
}

// listedRead is the conversation as it appears in the agent's list.
func (s *testServer) listedRead(token, convID string) readView {
	s.t.Helper()
	var page struct {
		Conversations []readView `json:"conversations"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations", token, nil).JSON(s.t, &page)
	for _, c := range page.Conversations {
		if c.ID == convID {
			return c
		}
	}
	s.t.Fatalf("the agent's list lacks %s", convID)
	return readView{}
}

func (s *testServer) markRead(token, convID string, seq int64) {
	s.t.Helper()
	s.mustDo(204, "POST", "/api/v1/conversations/"+convID+"/read", token, map[string]any{"seq": seq})
}

// nextRead is the next read frame on ws.
func nextRead(t *testing.T, ws *websocket.Conn) frame {
	t.Helper()
	return readUntil(t, ws, 5*time.Second, func(f frame) bool { return f.str("type") == "read" })
}

// TestReadStatePerAgent pins issue 15's defect 6: after a transfer the previous assignee's
// open tab reads the customer's new message for itself only. The visitor's "Read" waits for the
// new assignee, whose list shows the message unread until they read it; each agent's read
// frames reach only their own connections.
func TestReadStatePerAgent(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Reads")
		owner, a, b := o.Tokens["owner"], o.Tokens["agent"], o.Tokens["admin"]
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/assign", owner, map[string]any{"assignee_id": o.AgentIDs["agent"]})
		first := s.listedRead(a, conv).LastSeq
		s.markRead(a, conv, first)
		if got := s.visitorSeesRead(v, conv); got != first {
			t.Fatalf("the assignee read to %d: the visitor sees %d", first, got)
		}

		aws := s.dialWS("/api/v1/ws", map[string]any{"token": a})
		bws := s.dialWS("/api/v1/ws", map[string]any{"token": b})
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/assign", owner, map[string]any{"assignee_id": o.AgentIDs["admin"]})
		s.mustDo(201, "POST", "/api/v1/widget/conversations/"+conv+"/messages", v.Token, map[string]string{"content": "still there?", "client_msg_id": "again"})
		latest := s.listedRead(b, conv).LastSeq

		// The previous assignee's tab reads the new message: for A alone.
		s.markRead(a, conv, latest)
		if got := s.visitorSeesRead(v, conv); got != first {
			t.Errorf("after the previous assignee read to %d, the visitor sees %d, want %d (not read by the assignee)", latest, got, first)
		}
		if got := s.listedRead(b, conv); got.MyLastRead >= got.LastSeq {
			t.Errorf("the new assignee's list: my_last_read_seq %d of last_seq %d, want unread", got.MyLastRead, got.LastSeq)
		}
		if got := s.listedRead(a, conv).MyLastRead; got != latest {
			t.Errorf("the previous assignee's list: my_last_read_seq %d, want %d", got, latest)
		}
		if f := nextRead(t, aws); f["read"].(map[string]any)["agent_id"] != o.AgentIDs["agent"] {
			t.Errorf("A's own read frame: %v", f)
		}

		// The new assignee reads: now the visitor sees it.
		s.markRead(b, conv, latest)
		if got := s.visitorSeesRead(v, conv); got != latest {
			t.Errorf("after the assignee read to %d, the visitor sees %d", latest, got)
		}
		var got readView
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, b, nil).JSON(t, &got)
		if got.MyLastRead != latest || got.AgentLastRead != latest {
			t.Errorf("B's conversation: my_last_read_seq %d, agent_last_read_seq %d; want %d and %d", got.MyLastRead, got.AgentLastRead, latest, latest)
		}
		// B's first read frame is B's own: A's never reached B's connection.
		if f := nextRead(t, bws); f["read"].(map[string]any)["agent_id"] != o.AgentIDs["admin"] {
			t.Errorf("B's connection got another agent's read marker: %v", f)
		}
	})
}
