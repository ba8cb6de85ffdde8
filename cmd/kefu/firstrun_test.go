package main

import (
	"net/http"
	"net/url"
	"testing"
)

// setupAnswer is what POST /setup answers, the owner's first session included.
type setupAnswer struct {
	Agent struct {
		ID string `json:"id"`
	} `json:"agent"`
	Token       string   `json:"token"`
	CSRFToken   string   `json:"csrf_token"`
	Permissions []string `json:"permissions"`
}

// sessionStatus is what GET /auth/session answers.
type sessionStatus struct {
	SignedIn    bool     `json:"signed_in"`
	NeedsSetup  bool     `json:"needs_setup"`
	CSRFToken   string   `json:"csrf_token"`
	Permissions []string `json:"permissions"`
	Agent       *struct {
		ID string `json:"id"`
	} `json:"agent"`
}

// TestSetupSignsOwnerIn: first-run setup opens the owner's session as sign-in does — the
// HttpOnly cookie with its CSRF token, a bearer token, a session in the owner's session list
// and an auth.login entry in the audit log — so the owner is not asked for the password again.
func TestSetupSignsOwnerIn(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		r := s.mustDo(200, "POST", "/api/v1/setup", "", map[string]string{
			"org_name": "First Hour", "name": "Owner", "email": "first-owner@example.com", "password": "password-1"})
		var ans setupAnswer
		r.JSON(t, &ans)
		if ans.Token == "" || ans.CSRFToken == "" || len(ans.Permissions) == 0 {
			t.Fatalf("setup answer %s: want a token, a CSRF token and the owner's permissions", r.Body)
		}
		cookie := cookieNamed(r, "kefu_session")
		if cookie == nil || cookie.Value != ans.Token || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("setup cookie = %+v, want the session as an HttpOnly SameSite=Lax kefu_session cookie", cookie)
		}
		status := s.sessionStatusWith(cookie)
		if !status.SignedIn || status.Agent == nil || status.Agent.ID != ans.Agent.ID || status.CSRFToken != ans.CSRFToken {
			t.Fatalf("session status with the setup cookie = %+v, want the owner signed in", status)
		}
		s.mustDo(201, "POST", "/api/v1/labels", ans.Token, map[string]string{"name": "first"})
		var sessions struct {
			Sessions []struct {
				Current bool `json:"current"`
			} `json:"sessions"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/sessions", ans.Token, nil).JSON(t, &sessions)
		if len(sessions.Sessions) != 1 || !sessions.Sessions[0].Current {
			t.Errorf("owner's sessions after setup = %+v, want the current one", sessions.Sessions)
		}
		if p := s.mustAudit(ans.Token, url.Values{"action": {"auth.login"}, "target_id": {ans.Agent.ID}}); len(p.Entries) != 1 {
			t.Errorf("auth.login entries for the owner after setup: %d, want 1", len(p.Entries))
		}
	})
}

// TestSessionStatusSignedOut: the workspace's page-load question answers 200 whether or not the
// browser is signed in — no credentials, a revoked session — while /auth/me keeps its 401.
func TestSessionStatusSignedOut(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		var st sessionStatus
		s.mustDo(200, "GET", "/api/v1/auth/session", "", nil).JSON(t, &st)
		if st.SignedIn || !st.NeedsSetup || st.Agent != nil || st.Permissions == nil {
			t.Errorf("before setup: %+v, want signed out, needs setup, permissions []", st)
		}
		o := s.mustSetupOrg("Status")
		s.mustDo(200, "GET", "/api/v1/auth/session", "", nil).JSON(t, &st)
		if st.SignedIn || st.NeedsSetup {
			t.Errorf("after setup, signed out: %+v, want neither signed in nor needing setup", st)
		}
		st = sessionStatus{}
		s.mustDo(200, "GET", "/api/v1/auth/session", o.Tokens["agent"], nil).JSON(t, &st)
		if !st.SignedIn || st.Agent == nil || st.Agent.ID != o.AgentIDs["agent"] || len(st.Permissions) == 0 {
			t.Errorf("signed in: %+v, want the agent and their permissions", st)
		}
		s.mustDo(204, "POST", "/api/v1/auth/logout", o.Tokens["agent"], nil)
		st = sessionStatus{}
		s.mustDo(200, "GET", "/api/v1/auth/session", o.Tokens["agent"], nil).JSON(t, &st)
		if st.SignedIn || st.Agent != nil {
			t.Errorf("with a revoked session: %+v, want signed out", st)
		}
		if r := s.do("GET", "/api/v1/auth/me", "", nil); r.Status != 401 || r.Code(t) != "unauthenticated" {
			t.Errorf("GET /auth/me signed out: %d %s, want 401 unauthenticated", r.Status, r.Body)
		}
	})
}

// sessionStatusWith asks GET /auth/session with the session cookie, as a browser would.
func (s *testServer) sessionStatusWith(cookie *http.Cookie) sessionStatus {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+"/api/v1/auth/session", nil)
	req.AddCookie(cookie)
	r := s.roundTrip(req)
	if r.Status != 200 {
		s.t.Fatalf("GET /auth/session: %d %s", r.Status, r.Body)
	}
	var st sessionStatus
	r.JSON(s.t, &st)
	return st
}
