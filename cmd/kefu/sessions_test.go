package main

import (
	"strings"
	"testing"
)

// sessionList is the answer of GET /api/v1/auth/sessions.
type sessionList struct {
	Sessions []struct {
		ID        string `json:"id"`
		ClientIP  string `json:"client_ip"`
		UserAgent string `json:"user_agent"`
		Current   bool   `json:"current"`
	} `json:"sessions"`
}

func (s *testServer) mustListSessions(token string) (sessionList, string) {
	s.t.Helper()
	var out sessionList
	r := s.mustDo(200, "GET", "/api/v1/auth/sessions", token, nil)
	r.JSON(s.t, &out)
	return out, string(r.Body)
}

// TestSessionList: an agent sees their own sessions with where they signed in from, never a
// token or hash, and signs out one or all others; an admin signs an agent out everywhere.
func TestSessionList(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Sessions")
		email := emailOf(s, o, "supervisor")
		a, b := s.mustLogin(email, "password-1"), s.mustLogin(email, "password-1")
		list, raw := s.mustListSessions(a)
		if len(list.Sessions) != 3 { // mustSetupOrg's login, a and b
			t.Fatalf("got %d sessions, want 3: %s", len(list.Sessions), raw)
		}
		current := 0
		for _, ss := range list.Sessions {
			if ss.ClientIP != "127.0.0.1" || !strings.HasPrefix(ss.UserAgent, "Go-http-client") || len(ss.ID) != 16 {
				t.Fatalf("session %+v: want client_ip 127.0.0.1, the Go User-Agent and a 16-character id", ss)
			}
			if ss.Current {
				current++
			}
		}
		for _, secret := range []string{a, b, a[4:], "hash"} {
			if current != 1 || strings.Contains(raw, secret) {
				t.Fatalf("list %s: want exactly one current session and no secret or hash", raw)
			}
		}
		idA := sessionIDOf(s, a)
		wantProblem(t, "another agent's session", s.do("DELETE", "/api/v1/auth/sessions/"+sessionIDOf(s, o.Tokens["owner"]), b, nil), 404, "not_found")
		wantProblem(t, "unknown session", s.do("DELETE", "/api/v1/auth/sessions/AAAAAAAAAAAAAAAA", b, nil), 404, "not_found")
		s.mustDo(204, "DELETE", "/api/v1/auth/sessions/"+idA, b, nil)
		wantProblem(t, "signed-out session", s.do("GET", "/api/v1/auth/me", a, nil), 401, "unauthenticated")
		s.mustDo(204, "DELETE", "/api/v1/auth/sessions", b, nil)
		if list, raw := s.mustListSessions(b); len(list.Sessions) != 1 || !list.Sessions[0].Current {
			t.Fatalf("after signing out the others: %s, want only the current session", raw)
		}
		wantProblem(t, "setup's session after sign-out of others", s.do("GET", "/api/v1/auth/me", o.Tokens["supervisor"], nil), 401, "unauthenticated")
	})
}

// TestSessionSignOutPermissions: the session endpoints refuse API tokens, and only an agent
// with agents.manage signs another agent out, never one ranked above them.
func TestSessionSignOutPermissions(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("SignOut")
	var tok struct {
		Token string `json:"token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", o.Tokens["owner"], map[string]any{"name": "bot", "role": "admin"}).JSON(t, &tok)
	wantProblem(t, "API token lists sessions", s.do("GET", "/api/v1/auth/sessions", tok.Token, nil), 403, "forbidden")
	wantProblem(t, "API token signs out others", s.do("DELETE", "/api/v1/auth/sessions", tok.Token, nil), 403, "forbidden")
	endAll := func(role string) string { return "/api/v1/agents/" + o.AgentIDs[role] + "/sessions" }
	wantProblem(t, "agent signs out a colleague", s.do("DELETE", endAll("supervisor"), o.Tokens["agent"], nil), 403, "forbidden")
	wantProblem(t, "supervisor signs out a colleague", s.do("DELETE", endAll("agent"), o.Tokens["supervisor"], nil), 403, "forbidden")
	wantProblem(t, "admin signs out the owner", s.do("DELETE", endAll("owner"), o.Tokens["admin"], nil), 403, "forbidden")
	wantProblem(t, "unknown agent", s.do("DELETE", "/api/v1/agents/01a24d3c-e475-70dd-b4af-953d329ccb48/sessions", o.Tokens["admin"], nil), 404, "not_found")
	s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens["agent"], nil)
	s.mustDo(204, "DELETE", endAll("agent"), o.Tokens["admin"], nil)
	wantProblem(t, "signed-out agent", s.do("GET", "/api/v1/auth/me", o.Tokens["agent"], nil), 401, "unauthenticated")
	s.mustDo(200, "GET", "/api/v1/auth/me", tok.Token, nil) // the owner's token is not a session
}
