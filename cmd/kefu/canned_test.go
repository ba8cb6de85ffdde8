package main

import "testing"

// TestCannedReplies checks who sees and changes shared and personal canned replies.
func TestCannedReplies(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Canned")
		admin, agent, supervisor := o.Tokens["admin"], o.Tokens["agent"], o.Tokens["supervisor"]
		var shared, mine struct {
			ID    string `json:"id"`
			Scope string `json:"scope"`
		}
		s.mustDo(201, "POST", "/api/v1/canned-replies", admin, map[string]any{"shortcut": "/Hello", "content": "您好！", "scope": "shared"}).JSON(t, &shared)
		if r := s.do("POST", "/api/v1/canned-replies", agent, map[string]any{"shortcut": "x", "content": "y", "scope": "shared"}); r.Status != 403 {
			t.Errorf("an agent creating a shared reply: status %d, want 403", r.Status)
		}
		s.mustDo(201, "POST", "/api/v1/canned-replies", agent, map[string]any{"shortcut": "refund", "content": "3 days"}).JSON(t, &mine)
		if shared.Scope != "shared" || mine.Scope != "personal" {
			t.Errorf("scopes = %q, %q; want shared, personal", shared.Scope, mine.Scope)
		}
		for _, bad := range []map[string]any{{"shortcut": "has space", "content": "x"}, {"shortcut": "ok", "content": "  "}, {"shortcut": "", "content": "x"}} {
			if r := s.do("POST", "/api/v1/canned-replies", agent, bad); r.Status != 422 {
				t.Errorf("create %v: status %d, want 422", bad, r.Status)
			}
		}
		if r := s.do("POST", "/api/v1/canned-replies", agent, map[string]any{"shortcut": "refund", "content": "again"}); r.Status != 409 {
			t.Errorf("a duplicate personal shortcut: status %d, want 409", r.Status)
		}
		count := func(token string) int {
			var out struct {
				CannedReplies []struct{ ID string } `json:"canned_replies"`
			}
			s.mustDo(200, "GET", "/api/v1/canned-replies", token, nil).JSON(t, &out)
			return len(out.CannedReplies)
		}
		if got := count(agent); got != 2 {
			t.Errorf("the agent sees %d replies, want 2 (shared + own)", got)
		}
		if got := count(supervisor); got != 1 {
			t.Errorf("a colleague sees %d replies, want 1 (the shared one only)", got)
		}
		if r := s.do("PATCH", "/api/v1/canned-replies/"+mine.ID, supervisor, map[string]any{"content": "mine now"}); r.Status != 404 {
			t.Errorf("a colleague editing a personal reply: status %d, want 404", r.Status)
		}
		if r := s.do("DELETE", "/api/v1/canned-replies/"+shared.ID, agent, nil); r.Status != 403 {
			t.Errorf("an agent deleting a shared reply: status %d, want 403", r.Status)
		}
		s.mustDo(200, "PATCH", "/api/v1/canned-replies/"+mine.ID, agent, map[string]any{"content": "5 days"})
		s.mustDo(204, "DELETE", "/api/v1/canned-replies/"+mine.ID, agent, nil)
		if got := count(agent); got != 1 {
			t.Errorf("after deleting their own reply the agent sees %d, want 1", got)
		}
	})
}
