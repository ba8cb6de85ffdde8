package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestExpiringTokenCannotOutliveItself is defect 3 over the real API: an admin token that
// expires cannot create an agent (whose password its holder would know), raise a role, enable
// an agent or set a password; a token without expiry may create agents, but never above its
// own role, and neither may an agent.
func TestExpiringTokenCannotOutliveItself(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Outlive")
		expiring := s.mustToken(o.Tokens["owner"], "admin", time.Now().Add(time.Hour))
		lasting := s.mustToken(o.Tokens["owner"], "admin", time.Time{})
		newAgent := func(email, role string) map[string]any {
			return map[string]any{"email": email, "name": "New", "password": "correct horse battery", "role": role}
		}
		forbidden := []struct {
			name, method, path string
			body               any
		}{
			{"create an agent", "POST", "/api/v1/agents", newAgent("mole@example.com", "agent")},
			{"raise a role", "PATCH", "/api/v1/agents/" + o.AgentIDs["agent"], map[string]any{"role": "admin"}},
			{"set its own password", "PATCH", "/api/v1/auth/me", map[string]any{"current_password": "password-1", "new_password": "a brand new password"}},
			{"mint a token", "POST", "/api/v1/tokens", map[string]any{"name": "forever", "role": "admin"}},
		}
		for _, tt := range forbidden {
			if r := s.do(tt.method, tt.path, expiring, tt.body); r.Status != 403 || r.Code(t) != "forbidden" {
				t.Errorf("expiring token may %s: status %d %s", tt.name, r.Status, r.Body)
			}
		}
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["supervisor"], o.Tokens["owner"], map[string]any{"disabled": true})
		if r := s.do("PATCH", "/api/v1/agents/"+o.AgentIDs["supervisor"], expiring, map[string]any{"disabled": false}); r.Status != 403 {
			t.Errorf("expiring token enabled an agent: status %d %s", r.Status, r.Body)
		}
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["supervisor"], expiring, map[string]any{"role": "agent"})
		s.mustDo(201, "POST", "/api/v1/agents", lasting, newAgent("helper@example.com", "admin"))
		if r := s.do("POST", "/api/v1/agents", lasting, newAgent("boss@example.com", "owner")); r.Status != 403 {
			t.Errorf("admin token created an owner: status %d %s", r.Status, r.Body)
		}
		if r := s.do("POST", "/api/v1/agents", o.Tokens["admin"], newAgent("boss2@example.com", "owner")); r.Status != 403 {
			t.Errorf("admin agent created an owner: status %d %s", r.Status, r.Body)
		}
		if r := s.do("POST", "/api/v1/tokens", o.Tokens["admin"], map[string]any{"name": "up", "role": "owner"}); r.Status != 403 {
			t.Errorf("admin agent minted an owner token: status %d %s", r.Status, r.Body)
		}
	})
}

// mustToken creates an API token with role as the agent behind bearer; zero expires = never.
func (s *testServer) mustToken(bearer, role string, expires time.Time) string {
	s.t.Helper()
	body := map[string]any{"name": role + " token", "role": role}
	if !expires.IsZero() {
		body["expires_at"] = expires.UTC().Format(time.RFC3339)
	}
	var out struct {
		Token string `json:"token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", bearer, body).JSON(s.t, &out)
	return out.Token
}

// TestSignInThrottleOverHTTP is defect 2 over the real API: a spray of unknown e-mails from one
// address throttles that address (429 with Retry-After) but not a browser that signed in to its
// account before, which carries the known-device cookie.
func TestSignInThrottleOverHTTP(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Nat")
		email := s.roleEmail(t, o, "agent")
		first := s.login(email, "password-1", nil)
		device := cookieNamed(first, "kefu_device")
		if first.Status != 200 || device == nil || !device.HttpOnly || device.SameSite != http.SameSiteStrictMode || device.Path != "/api/v1/auth" {
			t.Fatalf("first login: status %d, device cookie %+v; want an HttpOnly Strict cookie for /api/v1/auth", first.Status, device)
		}
		for i := range 25 {
			s.login("ghost"+strconv.Itoa(i)+"@example.com", "not-a-password", nil)
		}
		r := s.login(email, "password-1", nil)
		if r.Status != 429 || r.Code(t) != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Fatalf("login from the sprayed address without the cookie: status %d %s, Retry-After %q; want 429 rate_limited", r.Status, r.Body, r.Header.Get("Retry-After"))
		}
		if r := s.login(email, "password-1", device); r.Status != 200 {
			t.Fatalf("login with the known-device cookie: status %d %s, want 200", r.Status, r.Body)
		}
		other := s.roleEmail(t, o, "supervisor")
		if r := s.login(other, "password-1", device); r.Status != 429 {
			t.Fatalf("another account with this device's cookie: status %d, want 429: the cookie is bound to its account", r.Status)
		}
	})
}

// roleEmail returns the e-mail of the org's agent with role.
func (s *testServer) roleEmail(t *testing.T, o *org, role string) string {
	var me struct {
		Agent struct {
			Email string `json:"email"`
		} `json:"agent"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens[role], nil).JSON(t, &me)
	return me.Agent.Email
}

// login posts credentials with an optional device cookie.
func (s *testServer) login(email, password string, device *http.Cookie) response {
	s.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequest("POST", s.URL()+"/api/v1/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if device != nil {
		req.AddCookie(device)
	}
	return s.roundTrip(req)
}

// roundTrip performs req and reads the whole response.
func (s *testServer) roundTrip(req *http.Request) response {
	s.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: buf.Bytes()}
}

func cookieNamed(r response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestPasswordPolicyOverHTTP: setting a short, common or e-mail-like password is refused with
// invalid_input naming the field, at agent creation and at password change.
func TestPasswordPolicyOverHTTP(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Policy")
	tests := []struct {
		name, method, path, field, want string
		body                            map[string]any
	}{
		{"short", "POST", "/api/v1/agents", "password", "at least 10 characters",
			map[string]any{"email": "p1@example.com", "name": "P", "password": "short-pw", "role": "agent"}},
		{"common", "POST", "/api/v1/agents", "password", "most common passwords",
			map[string]any{"email": "p2@example.com", "name": "P", "password": "Password123", "role": "agent"}},
		{"e-mail", "POST", "/api/v1/agents", "password", "not be the e-mail address",
			map[string]any{"email": "p3.longname@example.com", "name": "P", "password": "p3.longname@example.com", "role": "agent"}},
		{"change to common", "PATCH", "/api/v1/auth/me", "new_password", "most common passwords",
			map[string]any{"current_password": "password-1", "new_password": "qwertyuiop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(tt.method, tt.path, o.Tokens["owner"], tt.body)
			var p struct {
				Code   string `json:"code"`
				Errors []struct {
					Location string `json:"location"`
					Message  string `json:"message"`
				} `json:"errors"`
			}
			r.JSON(t, &p)
			if r.Status != 422 && r.Status != 400 || p.Code != "invalid_input" || len(p.Errors) != 1 ||
				!strings.HasSuffix(p.Errors[0].Location, tt.field) || !strings.Contains(p.Errors[0].Message, tt.want) {
				t.Fatalf("got status %d %s, want invalid_input on %s saying %q", r.Status, r.Body, tt.field, tt.want)
			}
		})
	}
}

// TestSignInShedsPastHashingCap: with one hashing slot and a 1 ms wait (password_hash_* in the
// config) and the production hashing parameters, a burst of sign-ins (unknown e-mails, whose
// dummy hash goes through the same cap) is partly answered 429 overloaded with Retry-After
// instead of hashing all at once.
func TestSignInShedsPastHashingCap(t *testing.T) {
	cfg := testConfig(t, databases()[0])
	cfg.PasswordHashConcurrency, cfg.PasswordHashWait = 1, time.Millisecond
	m := &Main{Config: cfg, Version: "test"} // production hashing parameters: not mustRun
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	s := &testServer{Main: m, t: t}
	var wg sync.WaitGroup
	statuses := make([]response, 10)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = s.login("nobody"+strconv.Itoa(i)+"@example.com", "not-the-password", nil)
		}()
	}
	wg.Wait()
	shed := 0
	for _, r := range statuses {
		switch {
		case r.Status == 429 && r.Code(t) == "overloaded" && r.Header.Get("Retry-After") == "1":
			shed++
		case r.Status != 401:
			t.Fatalf("got status %d %s, want 401 or 429 overloaded", r.Status, r.Body)
		}
	}
	if shed == 0 || shed == len(statuses) {
		t.Fatalf("%d of %d sign-ins shed, want some hashed and some shed", shed, len(statuses))
	}
}
