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

// waitAssignee polls until convID's assignee satisfies ok, and returns it.
func (s *testServer) waitAssignee(token, convID, what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := s.conversationAssignee(token, convID)
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("conversation %s: assignee %q, want %s", convID, got, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFirstAssignmentRule pins round robin up to capacity among online, connected agents, and
// the waiting queue: conversations nobody can take wait, and are assigned in arrival order as
// soon as capacity appears (an agent connects, a conversation is resolved, a capacity is
// raised), a newcomer never overtaking them.
func TestFirstAssignmentRule(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test", SnoozeCheck: 50 * time.Millisecond})
		o := s.mustSetupOrg("Assign")
		owner := o.Tokens["owner"]
		s.mustSetAutoAssign(owner, true)

		// Nobody connected: the conversation is an offline message, for the team to follow up;
		// it never queues, so agents connecting later do not get it automatically.
		v := s.mustVisitor(o.WidgetKey)
		offline := s.mustStartConversation(v, "anyone there?")
		if got := s.conversationAssignee(owner, offline); got != "" {
			t.Fatalf("with no agent connected the conversation went to %q, want unassigned", got)
		}

		// Two agents connected and online with capacity 2 each; the supervisor is connected but
		// away.
		for _, role := range []string{"agent", "admin"} {
			s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs[role], owner, map[string]any{"capacity": 2})
			s.connectAgent(o.Tokens[role])
		}
		s.mustDo(200, "PATCH", "/api/v1/auth/me", o.Tokens["supervisor"], map[string]any{"availability": "away"})
		s.connectAgent(o.Tokens["supervisor"])

		counts := map[string]int{}
		var started []string
		for i := 0; i < 6; i++ {
			id := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hello")
			started = append(started, id)
			counts[s.conversationAssignee(owner, id)]++
		}
		if counts[o.AgentIDs["agent"]] != 2 || counts[o.AgentIDs["admin"]] != 2 {
			t.Errorf("assignments = %v, want 2 each for the two online agents (round robin up to capacity)", counts)
		}
		if counts[o.AgentIDs["supervisor"]] != 0 || counts[o.AgentIDs["owner"]] != 0 {
			t.Errorf("assignments = %v, want none for the away supervisor and the unconnected owner", counts)
		}
		if counts[""] != 2 {
			t.Errorf("assignments = %v, want the last 2 conversations waiting unassigned (everyone full)", counts)
		}
		fourth, fifth := started[4], started[5]

		// Resolving frees capacity: the oldest waiting conversation takes it, not the next newcomer.
		var page struct {
			Conversations []struct {
				ID string `json:"id"`
			} `json:"conversations"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations?assignee="+o.AgentIDs["agent"], owner, nil).JSON(t, &page)
		s.mustDo(200, "POST", "/api/v1/conversations/"+page.Conversations[0].ID+"/status", o.Tokens["agent"], map[string]any{"status": "resolved"})
		s.waitAssignee(owner, fourth, "the agent whose conversation was resolved", func(id string) bool { return id == o.AgentIDs["agent"] })
		newcomer := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "one more")
		if got := s.conversationAssignee(owner, fifth); got != "" {
			t.Errorf("the fifth conversation went to %q with everyone full, want it still waiting", got)
		}
		if got := s.conversationAssignee(owner, newcomer); got != "" {
			t.Errorf("a newcomer went to %q while an older conversation waits, want it queued behind", got)
		}

		// A raised capacity is announced by no event: the timer's drain finds it, oldest first.
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["admin"], owner, map[string]any{"capacity": 3})
		s.waitAssignee(owner, fifth, "the admin, whose capacity was raised", func(id string) bool { return id == o.AgentIDs["admin"] })
		if got := s.conversationAssignee(owner, newcomer); got != "" {
			t.Errorf("the newcomer went to %q although the one free slot was the older conversation's, want it waiting", got)
		}
		if got := s.conversationAssignee(owner, offline); got != "" {
			t.Errorf("the offline message went to %q, want it left for a follow-up", got)
		}
	})
}
