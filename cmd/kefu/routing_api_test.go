package main

import (
	"strings"
	"testing"
)

type decisionLog struct {
	Decisions []struct {
		Kind       string `json:"kind"`
		AgentID    string `json:"agent_id"`
		Reason     string `json:"reason"`
		RuleName   string `json:"rule_name"`
		Candidates []struct {
			AgentID  string `json:"agent_id"`
			Load     int    `json:"load"`
			Capacity int    `json:"capacity"`
			Reason   string `json:"reason"`
		} `json:"candidates"`
	} `json:"decisions"`
}

// TestRoutingAPI: the decision log says why a conversation waited and who got it; routing
// attributes are validated and re-route a waiting conversation; a contact's level is set
// through the contact update; visitors and other organisations see none of it.
func TestRoutingAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Routing")
		owner, agent := o.Tokens["owner"], o.Tokens["agent"]
		s.mustSetAutoAssign(owner, true)
		for _, role := range []string{"owner", "admin", "supervisor", "agent"} {
			s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs[role], owner, map[string]any{"capacity": 0})
		}
		s.connectAgent(agent) // online but full: a new conversation queues
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "退款 please")
		var log decisionLog
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/routing", agent, nil).JSON(t, &log)
		if len(log.Decisions) != 1 || log.Decisions[0].Kind != "queued" || log.Decisions[0].Reason != "all_full" || log.Decisions[0].RuleName != "Default" {
			t.Fatalf("decision log of a queued conversation = %+v, want one queued decision, all_full, by the default rule", log)
		}

		bad := map[string]map[string]any{
			"too long":     {"inquiry_type": strings.Repeat("退", 101)},
			"control char": {"region": "CN\x01"},
			"not a tag":    {"language": "english please"},
		}
		for name, body := range bad {
			if code := s.do("PATCH", "/api/v1/conversations/"+conv+"/routing-attributes", agent, body).Code(t); code != "invalid_input" {
				t.Errorf("%s: code %q, want invalid_input", name, code)
			}
		}
		s.mustDo(401, "PATCH", "/api/v1/conversations/"+conv+"/routing-attributes", v.Token, map[string]any{"inquiry_type": "x"})
		s.mustDo(401, "GET", "/api/v1/conversations/"+conv+"/routing", v.Token, nil)
		other := s.mustSetupOrg("Elsewhere")
		s.mustDo(404, "GET", "/api/v1/conversations/"+conv+"/routing", other.Tokens["owner"], nil)

		// Room appears and the attributes change: the conversation is routed again at once.
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], owner, map[string]any{"capacity": 1})
		var c struct {
			InquiryType string `json:"inquiry_type"`
			Language    string `json:"language"`
			AssigneeID  string `json:"assignee_id"`
		}
		s.mustDo(200, "PATCH", "/api/v1/conversations/"+conv+"/routing-attributes", agent,
			map[string]any{"inquiry_type": " 退款 ", "language": "zh-CN"}).JSON(t, &c)
		if c.InquiryType != "退款" || c.Language != "zh-CN" || c.AssigneeID != o.AgentIDs["agent"] {
			t.Fatalf("after the attributes changed: %+v, want trimmed attributes and the agent with room", c)
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/routing", agent, nil).JSON(t, &log)
		last := log.Decisions[len(log.Decisions)-1]
		if len(log.Decisions) != 2 || last.Kind != "assigned" || last.AgentID != o.AgentIDs["agent"] || last.Reason != "chosen" {
			t.Fatalf("decision log after the assignment = %+v, want queued then assigned to the agent", log)
		}
		for _, cand := range last.Candidates {
			if cand.AgentID == o.AgentIDs["agent"] && (cand.Capacity != 1 || cand.Load != 0) {
				t.Errorf("the chosen candidate as logged: %+v, want load 0 of capacity 1", cand)
			}
		}

		var contact struct {
			Level string `json:"level"`
		}
		s.mustDo(200, "PATCH", "/api/v1/contacts/"+v.ContactID, owner, map[string]any{"level": " vip "}).JSON(t, &contact)
		if contact.Level != "vip" {
			t.Errorf("contact level = %q, want vip", contact.Level)
		}
		if code := s.do("PATCH", "/api/v1/contacts/"+v.ContactID, owner, map[string]any{"level": "a\x02"}).Code(t); code != "invalid_input" {
			t.Errorf("a level with a control character: code %q, want invalid_input", code)
		}
	})
}
