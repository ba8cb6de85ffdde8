package main

import (
	"testing"
	"time"
)

// TestQueuePushedToWaitingVisitors pins the live queue: when the conversation in front of a
// waiting visitor is taken, their connection gets a queue.updated frame with their new position,
// without asking; agents never get these frames.
func TestQueuePushedToWaitingVisitors(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := mustRun(t, &Main{Config: testConfig(t, db), Version: "test"})
		o := s.mustSetupOrg("QueuePush")
		owner, agent := o.Tokens["owner"], o.Tokens["agent"]
		s.mustSetAutoAssign(owner, true)
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], owner, map[string]any{"capacity": 1})
		agentWS := s.mustWelcome("/api/v1/ws", map[string]any{"token": agent})

		first := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "first")
		s.waitAssignee(owner, first, "the one online agent", func(id string) bool { return id == o.AgentIDs["agent"] })
		second := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "second")
		third := s.mustVisitor(o.WidgetKey)
		thirdConv := s.mustStartConversation(third, "third")
		ws := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": third.Token, "since": map[string]int64{thirdConv: 1}})

		s.mustDo(200, "POST", "/api/v1/conversations/"+first+"/status", agent, map[string]any{"status": "resolved"})
		s.waitAssignee(owner, second, "the agent, free again", func(id string) bool { return id == o.AgentIDs["agent"] })
		f := readUntil(t, ws, 10*time.Second, func(f frame) bool {
			q, _ := f["queue"].(map[string]any)
			return f.str("type") == "queue.updated" && q["position"] == float64(1)
		})
		q := f["queue"].(map[string]any)
		// The estimate is measured (h-core's Queue): here from sub-second handling, so it may be 0.
		if _, estimated := q["estimated_wait_seconds"].(float64); f.str("conversation_id") != thirdConv || q["state"] != "queued" || !estimated {
			t.Errorf("got %v, want the third visitor's conversation queued first with an estimate", f)
		}
		// The agent's stream carries the assignment but no visitor's queue status.
		readUntil(t, agentWS, 5*time.Second, func(f frame) bool {
			if f.str("type") == "queue.updated" {
				t.Fatalf("an agent got a visitor's queue frame: %v", f)
			}
			c, _ := f["conversation"].(map[string]any)
			return f.str("type") == "conversation.updated" && c["id"] == second && c["assignee_id"] == o.AgentIDs["agent"]
		})
	})
}
