package main

import (
	"testing"
)

// boardView is the part of GET /api/v1/routing/board the tests read.
type boardView struct {
	Targets []struct {
		RuleName          string `json:"rule_name"`
		QueueLength       int    `json:"queue_length"`
		OldestWaitSeconds int    `json:"oldest_wait_seconds"`
		Waiting           []struct {
			ID      string `json:"id"`
			Contact struct {
				Name   string `json:"name"`
				Number int64  `json:"number"`
			} `json:"contact"`
			Priority string `json:"priority"`
		} `json:"waiting"`
	} `json:"targets"`
	Agents []struct {
		ID            string `json:"id"`
		Availability  string `json:"availability"`
		Connected     bool   `json:"connected"`
		Load          int    `json:"load"`
		Capacity      int    `json:"capacity"`
		Conversations []struct {
			ID string `json:"id"`
		} `json:"conversations"`
	} `json:"agents"`
}

func (s *testServer) mustBoard(token string) boardView {
	s.t.Helper()
	var b boardView
	s.mustDo(200, "GET", "/api/v1/routing/board", token, nil).JSON(s.t, &b)
	return b
}

// TestRoutingBoard pins what the board shows: the queue with its waiting conversation and
// contact, the agents with presence, load and capacity and their conversations; and that taking
// a waiting conversation through the assign endpoint empties the queue.
func TestRoutingBoard(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Board")
		owner, agentID := o.Tokens["owner"], o.AgentIDs["agent"]
		s.mustSetAutoAssign(owner, true)
		s.mustDo(200, "PATCH", "/api/v1/agents/"+agentID, owner, map[string]any{"capacity": 1})
		s.connectAgent(o.Tokens["agent"])
		first := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "first")
		s.waitAssignee(owner, first, "the one online agent", func(id string) bool { return id == agentID })
		v := s.mustVisitor(o.WidgetKey)
		s.mustDo(200, "PATCH", "/api/v1/contacts/"+v.ContactID, owner, map[string]string{"name": "Waiting Wanda"})
		second := s.mustStartConversation(v, "second")

		b := s.mustBoard(o.Tokens["supervisor"])
		if len(b.Targets) != 1 || b.Targets[0].QueueLength != 1 || len(b.Targets[0].Waiting) != 1 {
			t.Fatalf("board targets = %+v, want one queue holding the second conversation", b.Targets)
		}
		w := b.Targets[0].Waiting[0]
		if w.ID != second || w.Contact.Name != "Waiting Wanda" || b.Targets[0].RuleName == "" {
			t.Errorf("waiting = %+v in rule %q, want %s of Waiting Wanda in a named rule", w, b.Targets[0].RuleName, second)
		}
		agent := boardAgent(t, b, agentID)
		if !agent.Connected || agent.Availability != "online" || agent.Load != 1 || agent.Capacity != 1 ||
			len(agent.Conversations) != 1 || agent.Conversations[0].ID != first {
			t.Errorf("agent on the board = %+v, want connected, online, load 1/1 with %s", agent, first)
		}
		if owner := boardAgent(t, b, o.AgentIDs["owner"]); owner.Connected || owner.Load != 0 {
			t.Errorf("owner on the board = %+v, want not connected, load 0", owner)
		}

		// "Take": the supervisor assigns the waiting conversation to themselves.
		s.mustDo(200, "POST", "/api/v1/conversations/"+second+"/assign", o.Tokens["supervisor"],
			map[string]string{"assignee_id": o.AgentIDs["supervisor"]})
		b = s.mustBoard(o.Tokens["supervisor"])
		if len(b.Targets) != 0 {
			t.Errorf("after take, targets = %+v, want no queue", b.Targets)
		}
		if sup := boardAgent(t, b, o.AgentIDs["supervisor"]); sup.Load != 1 || len(sup.Conversations) != 1 || sup.Conversations[0].ID != second {
			t.Errorf("supervisor after take = %+v, want %s as their one conversation", sup, second)
		}
	})
}

func boardAgent(t *testing.T, b boardView, id string) struct {
	ID            string `json:"id"`
	Availability  string `json:"availability"`
	Connected     bool   `json:"connected"`
	Load          int    `json:"load"`
	Capacity      int    `json:"capacity"`
	Conversations []struct {
		ID string `json:"id"`
	} `json:"conversations"`
} {
	t.Helper()
	for _, a := range b.Agents {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("agent %s is not on the board", id)
	return b.Agents[0]
}

// TestRoutingBoardPermissions: conversations.assign or reports.view opens the board; a plain
// agent, a custom role with neither, and a visitor are refused.
func TestRoutingBoardPermissions(t *testing.T) {
	s := MustRunMain(t, testConfig(t, databases()[0]))
	o := s.mustSetupOrg("BoardPerms")
	owner := o.Tokens["owner"]
	custom := func(name string, perms ...string) string {
		var role struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/roles", owner, map[string]any{"name": name, "permissions": perms}).JSON(t, &role)
		email := name + "@example.com"
		s.mustDo(201, "POST", "/api/v1/agents", owner, map[string]any{"email": email, "name": name,
			"password": "password-1", "role": "custom", "custom_role_id": role.ID})
		return s.mustLogin(email, "password-1")
	}
	for who, token := range map[string]string{
		"owner": owner, "admin": o.Tokens["admin"], "supervisor": o.Tokens["supervisor"],
		"reports viewer": custom("reports", "reports.view"), "assigner": custom("assigner", "conversations.view_all", "conversations.assign"),
	} {
		if r := s.do("GET", "/api/v1/routing/board", token, nil); r.Status != 200 {
			t.Errorf("%s: board status %d, want 200: %s", who, r.Status, r.Body)
		}
	}
	for who, token := range map[string]string{"agent": o.Tokens["agent"], "viewer": custom("viewer", "conversations.view_all")} {
		wantProblem(t, who, s.do("GET", "/api/v1/routing/board", token, nil), 403, "forbidden")
	}
	wantProblem(t, "a visitor", s.do("GET", "/api/v1/routing/board", s.mustVisitor(o.WidgetKey).Token, nil), 401, "unauthenticated")
	wantProblem(t, "nobody", s.do("GET", "/api/v1/routing/board", "", nil), 401, "unauthenticated")
}
