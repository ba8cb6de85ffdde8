package main

import (
	"strings"
	"testing"
)

// TestTransferToSkillAPI: over HTTP, a transfer with a skill lands with the online agent who has
// it (the name matched case-insensitively), the decision log says "transfer", and a bad skill
// is a field error naming it.
func TestTransferToSkillAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Transfer")
		owner, sup, agentID := o.Tokens["owner"], o.Tokens["supervisor"], o.AgentIDs["agent"]
		s.mustDo(200, "PATCH", "/api/v1/agents/"+agentID, owner, map[string]any{
			"skills": []map[string]any{{"name": "Refund", "level": 3}},
		})
		s.connectAgent(o.Tokens["agent"])
		s.connectAgent(sup) // online too, but without the skill
		conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "I want my money back")
		path := "/api/v1/conversations/" + conv + "/assign"

		for _, tt := range []struct {
			name  string
			body  map[string]any
			where string
		}{
			{"unknown skill", map[string]any{"skill": map[string]any{"name": "astrology", "min_level": 1}}, "skill.name"},
			{"level too high", map[string]any{"skill": map[string]any{"name": "refund", "min_level": 6}}, "skill.min_level"},
			{"with an assignee", map[string]any{"assignee_id": agentID, "skill": map[string]any{"name": "refund", "min_level": 1}}, "skill"},
		} {
			code, loc := problemAt(t, s.mustDo(422, "POST", path, sup, tt.body))
			if code != "invalid_input" || strings.TrimPrefix(loc, "body.") != tt.where {
				t.Errorf("%s: got %s at %q, want invalid_input at %s", tt.name, code, loc, tt.where)
			}
		}

		var got struct {
			AssigneeID string `json:"assignee_id"`
		}
		s.mustDo(200, "POST", path, sup, map[string]any{
			"skill": map[string]any{"name": "refund", "min_level": 2}, "note": "over to refunds",
		}).JSON(t, &got)
		if got.AssigneeID != agentID {
			t.Fatalf("transfer to refund ≥ 2: assignee %q, want the agent with Refund 3 (%s)", got.AssigneeID, agentID)
		}
		var log struct {
			Decisions []struct {
				Kind    string `json:"kind"`
				Reason  string `json:"reason"`
				AgentID string `json:"agent_id"`
			} `json:"decisions"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/routing", sup, nil).JSON(t, &log)
		last := log.Decisions[len(log.Decisions)-1]
		if last.Kind != "assigned" || last.Reason != "transfer" || last.AgentID != agentID {
			t.Errorf("last decision = %+v, want assigned (transfer) to %s", last, agentID)
		}
	})
}
