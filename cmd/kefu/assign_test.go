package main

import (
	"testing"
	"time"
)

// conversationAssignee reads a conversation's assignee as an agent sees it.
func (s *testServer) conversationAssignee(token, convID string) string {
	s.t.Helper()
	var c struct {
		AssigneeID string `json:"assignee_id"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+convID, token, nil).JSON(s.t, &c)
	return c.AssigneeID
}

// connectAgent opens an agent realtime connection and waits for its welcome, which makes the
// agent "connected" for assignment.
func (s *testServer) connectAgent(token string) {
	s.t.Helper()
	ws := s.dialWS("/api/v1/ws", map[string]any{"token": token})
	readUntil(s.t, ws, 5*time.Second, func(f frame) bool { return f.str("type") == "welcome" })
}

func TestFirstAssignmentRule(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Assign")
		owner := o.Tokens["owner"]

		// Nobody connected: the conversation waits unassigned.
		v := s.mustVisitor(o.WidgetKey)
		waiting := s.mustStartConversation(v, "anyone there?")
		if got := s.conversationAssignee(owner, waiting); got != "" {
			t.Fatalf("with no agent connected the conversation went to %q, want unassigned", got)
		}

		// Two agents connected and online with capacity 2 each; the supervisor is connected but away.
		for _, role := range []string{"agent", "admin"} {
			s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs[role], owner, map[string]any{"capacity": 2})
			s.connectAgent(o.Tokens[role])
		}
		s.mustDo(200, "PATCH", "/api/v1/auth/me", o.Tokens["supervisor"], map[string]any{"availability": "away"})
		s.connectAgent(o.Tokens["supervisor"])

		counts := map[string]int{}
		for i := 0; i < 5; i++ {
			id := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hello")
			counts[s.conversationAssignee(owner, id)]++
		}
		if counts[o.AgentIDs["agent"]] != 2 || counts[o.AgentIDs["admin"]] != 2 {
			t.Errorf("assignments = %v, want 2 each for the two online agents (round robin up to capacity)", counts)
		}
		if counts[o.AgentIDs["supervisor"]] != 0 || counts[o.AgentIDs["owner"]] != 0 {
			t.Errorf("assignments = %v, want none for the away supervisor and the unconnected owner", counts)
		}
		if counts[""] != 1 {
			t.Errorf("assignments = %v, want the 5th conversation waiting unassigned (everyone full)", counts)
		}

		// Resolving frees capacity: the next conversation is assigned again.
		var page struct {
			Conversations []struct {
				ID string `json:"id"`
			} `json:"conversations"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations?assignee="+o.AgentIDs["agent"], owner, nil).JSON(t, &page)
		s.mustDo(200, "POST", "/api/v1/conversations/"+page.Conversations[0].ID+"/status", o.Tokens["agent"], map[string]any{"status": "resolved"})
		next := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "one more")
		if got := s.conversationAssignee(owner, next); got != o.AgentIDs["agent"] {
			t.Errorf("after a resolve the next conversation went to %q, want the agent with room %q", got, o.AgentIDs["agent"])
		}
	})
}
