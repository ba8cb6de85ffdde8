package main

import (
	"slices"
	"testing"
	"time"
)

// TestCustomRoles drives custom roles end to end over REST: the catalogue, creating a role,
// refusing grants above the granter, an agent holding the role signed in and refused what the
// role lacks, a role change taking effect on the next request, and deleting a role in use.
func TestCustomRoles(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a, b := s.mustSetupOrg("RolesA"), s.mustSetupOrg("RolesB")
		owner := a.Tokens["owner"]

		var catalogue struct {
			Permissions []struct{ Name, Group string } `json:"permissions"`
		}
		s.mustDo(200, "GET", "/api/v1/permissions", a.Tokens["agent"], nil).JSON(t, &catalogue)
		if len(catalogue.Permissions) < 20 || catalogue.Permissions[3].Name != "conversations.reply" {
			t.Fatalf("catalogue: got %+v", catalogue.Permissions)
		}

		viewer := map[string]any{"name": "Viewer", "description": "reads, never replies",
			"permissions": []string{"conversations.view_all", "contacts.view"}}
		var role struct {
			ID          string   `json:"id"`
			Permissions []string `json:"permissions"`
		}
		s.mustDo(201, "POST", "/api/v1/roles", owner, viewer).JSON(t, &role)
		wantCode(t, "a second role of the same name", s.do("POST", "/api/v1/roles", owner, viewer), 409, "conflict")
		wantCode(t, "an agent creating a role", s.do("POST", "/api/v1/roles", a.Tokens["agent"], viewer), 403, "forbidden")
		above := map[string]any{"name": "Keys", "permissions": []string{"security.manage"}}
		wantCode(t, "an admin granting what they lack", s.do("POST", "/api/v1/roles", a.Tokens["admin"], above), 403, "forbidden")
		unknown := map[string]any{"name": "Odd", "permissions": []string{"conversations.fly"}}
		if r := s.do("POST", "/api/v1/roles", owner, unknown); r.Status/100 != 4 || r.Code(t) != "invalid_input" {
			t.Errorf("an unknown permission: got %d %s, want invalid_input", r.Status, r.Body)
		}
		wantCode(t, "another organisation's role", s.do("PATCH", "/api/v1/roles/"+role.ID, b.Tokens["owner"], map[string]any{"name": "x"}), 404, "not_found")

		var agent struct {
			ID           string `json:"id"`
			Role         string `json:"role"`
			CustomRoleID string `json:"custom_role_id"`
		}
		s.mustDo(201, "POST", "/api/v1/agents", owner, map[string]any{"email": "viewer@example.com", "name": "Viewer",
			"password": "password-1", "role": "custom", "custom_role_id": role.ID}).JSON(t, &agent)
		if agent.Role != "custom" || agent.CustomRoleID != role.ID {
			t.Fatalf("created agent: got %+v", agent)
		}
		wantCode(t, "another organisation's role for an agent", s.do("POST", "/api/v1/agents", b.Tokens["owner"], map[string]any{
			"email": "viewer-b@example.com", "name": "B", "password": "password-1", "role": "custom", "custom_role_id": role.ID}), 422, "invalid_input")
		token := s.mustLogin("viewer@example.com", "password-1")
		var me struct {
			Permissions []string `json:"permissions"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", token, nil).JSON(t, &me)
		if !slices.Equal(me.Permissions, []string{"conversations.view_all", "contacts.view"}) {
			t.Fatalf("me permissions: got %v", me.Permissions)
		}

		v := s.mustVisitor(a.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, token, nil)
		send := map[string]string{"content": "hi", "client_msg_id": "viewer-1"}
		wantCode(t, "a viewer replying", s.do("POST", "/api/v1/conversations/"+conv+"/messages", token, send), 403, "forbidden")
		wantCode(t, "a viewer editing a contact", s.do("PATCH", "/api/v1/contacts/"+v.ContactID, token, map[string]string{"name": "x"}), 403, "forbidden")
		wantCode(t, "a viewer creating a team", s.do("POST", "/api/v1/teams", token, map[string]string{"name": "x"}), 403, "forbidden")

		wantCode(t, "deleting a role in use", s.do("DELETE", "/api/v1/roles/"+role.ID, owner, nil), 409, "conflict")
		s.mustDo(200, "PATCH", "/api/v1/roles/"+role.ID, owner, map[string]any{
			"permissions": []string{"conversations.view_all", "conversations.reply", "contacts.view"}})
		s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", token, send)

		// An API token with the custom role: the role's permissions, narrowed to its creator's.
		var tok struct {
			Token    string `json:"token"`
			APIToken struct {
				ID string `json:"id"`
			} `json:"api_token"`
		}
		s.mustDo(200, "PATCH", "/api/v1/roles/"+role.ID, owner, map[string]any{"permissions": []string{"conversations.view_all", "contacts.view"}})
		s.mustDo(201, "POST", "/api/v1/tokens", owner, map[string]any{"name": "reader bot", "role": "custom", "custom_role_id": role.ID}).JSON(t, &tok)
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, tok.Token, nil)
		wantCode(t, "a reader token replying", s.do("POST", "/api/v1/conversations/"+conv+"/messages", tok.Token,
			map[string]string{"content": "bot", "client_msg_id": "bot-1"}), 403, "forbidden")
		wantCode(t, "a token of another organisation's role", s.do("POST", "/api/v1/tokens", b.Tokens["owner"],
			map[string]any{"name": "x", "role": "custom", "custom_role_id": role.ID}), 422, "invalid_input")

		s.mustDo(200, "PATCH", "/api/v1/agents/"+agent.ID, owner, map[string]any{"role": "agent"})
		wantCode(t, "deleting a role a live token holds", s.do("DELETE", "/api/v1/roles/"+role.ID, owner, nil), 409, "conflict")
		s.mustDo(204, "DELETE", "/api/v1/tokens/"+tok.APIToken.ID, owner, nil)
		s.mustDo(204, "DELETE", "/api/v1/roles/"+role.ID, owner, nil)
	})
}

// TestTeamScoping checks the organisation switch: with it on, a built-in agent sees only the
// conversations of inboxes attached to their teams, assigned to their teams or to them, in the
// list, the counts and by id; with it off, everything again.
func TestTeamScoping(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustSetupOrg("Scoped")
		owner, agentTok := a.Tokens["owner"], a.Tokens["agent"]
		v1, v2 := s.mustVisitor(a.WidgetKey), s.mustVisitor(a.WidgetKey)
		conv := s.mustStartConversation(v1, "hello")
		mine := s.mustStartConversation(v2, "assigned to the agent")
		s.mustDo(200, "POST", "/api/v1/conversations/"+mine+"/assign", owner, map[string]string{"assignee_id": a.AgentIDs["agent"]})
		visible := func() int {
			var page struct {
				Conversations []struct{ ID string } `json:"conversations"`
			}
			s.mustDo(200, "GET", "/api/v1/conversations", agentTok, nil).JSON(t, &page)
			return len(page.Conversations)
		}
		if n := visible(); n != 2 {
			t.Fatalf("scoping off: agent sees %d conversations, want 2", n)
		}

		setScoping(t, s, owner, true)
		if n := visible(); n != 1 {
			t.Errorf("scoping on, no team: agent sees %d conversations, want only the one assigned to them", n)
		}
		// Realtime: the out-of-scope conversation's message never reaches the agent; the first
		// message they get is the one in their own conversation, sent after it.
		ws := s.mustWelcome("/api/v1/ws", map[string]any{"token": agentTok})
		mustRESTSend(t, s, v1.Token, conv, "out-of-scope", "not for the agent", true)
		mustRESTSend(t, s, v2.Token, mine, "in-scope", "for the agent", true)
		f := readUntil(t, ws, 5*time.Second, func(f frame) bool { return f.str("type") == "message.created" })
		if f.str("conversation_id") != mine {
			t.Errorf("scoped agent's first message event is of %s, want %s: an out-of-scope event leaked", f.str("conversation_id"), mine)
		}
		wantCode(t, "an out-of-scope conversation by id", s.do("GET", "/api/v1/conversations/"+conv, agentTok, nil), 404, "not_found")
		var contacts struct {
			Contacts []struct{ ID string } `json:"contacts"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts", agentTok, nil).JSON(t, &contacts)
		if len(contacts.Contacts) != 1 || contacts.Contacts[0].ID != v2.ContactID {
			t.Errorf("scoping on: agent's contacts are %+v, want only %s, whose conversation is theirs", contacts.Contacts, v2.ContactID)
		}
		wantCode(t, "an out-of-scope contact by id", s.do("GET", "/api/v1/contacts/"+v1.ContactID, agentTok, nil), 404, "not_found")
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, a.Tokens["supervisor"], nil) // view_all

		var team struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/teams", owner, map[string]any{"name": "Sales", "member_ids": []string{a.AgentIDs["agent"]}}).JSON(t, &team)
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+a.InboxID, owner, map[string]any{"team_ids": []string{team.ID}})
		if n := visible(); n != 2 {
			t.Errorf("scoping on, inbox attached to the agent's team: sees %d conversations, want 2", n)
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv, agentTok, nil)

		setScoping(t, s, owner, false)
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+a.InboxID, owner, map[string]any{"team_ids": []string{}})
		if n := visible(); n != 2 {
			t.Errorf("scoping off again: agent sees %d conversations, want 2", n)
		}
	})
}

// setScoping turns the organisation's team scoping on or off, keeping its other settings.
func setScoping(t *testing.T, s *testServer, owner string, on bool) {
	t.Helper()
	var org struct {
		Settings map[string]any `json:"settings"`
	}
	s.mustDo(200, "GET", "/api/v1/org", owner, nil).JSON(t, &org)
	org.Settings["team_scoping"] = on
	s.mustDo(200, "PATCH", "/api/v1/org", owner, map[string]any{"settings": org.Settings})
}

// wantCode fails unless r has the status and problem code.
func wantCode(t *testing.T, what string, r response, status int, code string) {
	t.Helper()
	if r.Status != status || r.Code(t) != code {
		t.Errorf("%s: got %d %s, want %d %s", what, r.Status, r.Body, status, code)
	}
}
