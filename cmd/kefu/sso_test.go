package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/oidctest"
)

// startProvider runs an oidctest provider for client "kefu" on an httptest server.
func startProvider(t *testing.T, user oidctest.User) *oidctest.Provider {
	t.Helper()
	p, err := oidctest.New("kefu", "kefu-secret", user)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	p.Issuer = srv.URL
	return p
}

// mustConfigureSSO sets the organisation's provider to p, with extra fields.
func (s *testServer) mustConfigureSSO(ownerToken string, p *oidctest.Provider, extra map[string]any) {
	s.t.Helper()
	body := map[string]any{"name": "Test IdP", "issuer": p.Issuer, "client_id": p.ClientID, "client_secret": p.ClientSecret, "enabled": true}
	for k, v := range extra {
		body[k] = v
	}
	s.mustDo(200, "PUT", "/api/v1/org/sso", ownerToken, body)
}

// ssoSignIn walks a browser through start → provider → callback without following kefu's last
// redirect, and answers where it led and the session cookie it set ("" when none).
func (s *testServer) ssoSignIn(orgID string, tamperCallback func(url.Values)) (location, session string) {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next := s.URL() + "/api/v1/auth/sso/" + orgID + "/start"
	for range 3 {
		u, _ := url.Parse(next)
		if strings.HasSuffix(u.Path, "/api/v1/auth/sso/callback") && tamperCallback != nil {
			q := u.Query()
			tamperCallback(q)
			u.RawQuery = q.Encode()
		}
		resp, err := c.Get(u.String())
		if err != nil {
			s.t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			s.t.Fatalf("GET %s: status %d, want a redirect", u, resp.StatusCode)
		}
		next = resp.Header.Get("Location")
		for _, ck := range resp.Cookies() {
			if ck.Name == "kefu_session" && ck.Value != "" {
				session = ck.Value
			}
		}
	}
	return next, session
}

// TestSSOSignIn: signing in through the organisation's provider opens a session; a first
// sign-in creates the agent when allowed, with the role the groups claim maps to.
func TestSSOSignIn(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("SSO")
		p := startProvider(t, oidctest.User{Email: emailOf(s, o, "agent"), Name: "Agent"})
		var buttons struct {
			Providers []struct{ OrgID, Name string } `json:"providers"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/sso", "", nil).JSON(t, &buttons)
		if len(buttons.Providers) != 0 {
			t.Fatalf("providers before configuring: %+v", buttons)
		}
		wantProblem(t, "admin configures SSO", s.do("PUT", "/api/v1/org/sso", o.Tokens["admin"], map[string]any{"name": "x", "issuer": p.Issuer, "client_id": "kefu", "client_secret": "s", "enabled": true}), 403, "forbidden")
		s.mustConfigureSSO(o.Tokens["owner"], p, map[string]any{"jit": true, "role_claim": "groups", "role_map": map[string]string{"kefu-sup": "supervisor"}})
		raw := string(s.mustDo(200, "GET", "/api/v1/org/sso", o.Tokens["owner"], nil).Body)
		if strings.Contains(raw, p.ClientSecret) {
			t.Fatalf("provider config %s shows the client secret", raw)
		}
		s.mustDo(200, "GET", "/api/v1/auth/sso", "", nil).JSON(t, &buttons)
		if len(buttons.Providers) != 1 || buttons.Providers[0].Name != "Test IdP" {
			t.Fatalf("providers: %+v, want Test IdP", buttons)
		}

		loc, session := s.ssoSignIn(o.ID, nil)
		if loc != "/" || session == "" {
			t.Fatalf("existing agent: went to %q with session %q, want / and a session", loc, session)
		}
		var me struct {
			Agent struct{ Email, Role string } `json:"agent"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", session, nil).JSON(t, &me)
		if me.Agent.Email != emailOf(s, o, "agent") || me.Agent.Role != "agent" {
			t.Fatalf("signed in as %+v", me.Agent)
		}

		p.SetUser(oidctest.User{Email: "new.person@example.com", Name: "New Person", Groups: []string{"other", "kefu-sup"}})
		loc, session = s.ssoSignIn(o.ID, nil)
		if loc != "/" || session == "" {
			t.Fatalf("JIT: went to %q, want / and a session", loc)
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", session, nil).JSON(t, &me)
		if me.Agent.Email != "new.person@example.com" || me.Agent.Role != "supervisor" {
			t.Fatalf("JIT agent %+v, want new.person@example.com as supervisor", me.Agent)
		}
	})
}

// TestSSORefusals: a tampered state, nonce or issuer, an unknown agent without JIT, a domain
// not allowed and an unverified e-mail all end on the sign-in page without a session.
func TestSSORefusals(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("SSORefuse")
		p := startProvider(t, oidctest.User{Email: emailOf(s, o, "agent")})
		s.mustConfigureSSO(o.Tokens["owner"], p, map[string]any{"allowed_domains": []string{"example.com"}})
		refused := func(what, reason string, tamper func(url.Values)) {
			t.Helper()
			loc, session := s.ssoSignIn(o.ID, tamper)
			msg, _ := url.QueryUnescape(strings.TrimPrefix(loc, "/login?sso_error="))
			if !strings.HasPrefix(loc, "/login?sso_error=") || !strings.Contains(msg, reason) || session != "" {
				t.Errorf("%s: went to %q with session %q, want the sign-in page saying %q", what, loc, session, reason)
			}
		}
		refused("wrong state", "does not belong to this browser", func(q url.Values) { q.Set("state", "forged") })
		p.SetTamper(oidctest.Tamper{Nonce: "replayed-nonce"})
		refused("wrong nonce", "could not be verified", nil)
		p.SetTamper(oidctest.Tamper{Issuer: "https://evil.example"})
		refused("wrong issuer", "could not be verified", nil)
		p.SetTamper(oidctest.Tamper{})
		p.SetUser(oidctest.User{Email: "stranger@example.com"})
		refused("unknown agent without JIT", "ask an administrator", nil)
		p.SetUser(oidctest.User{Email: "someone@other.example"})
		refused("domain not allowed", "domain", nil)
		p.SetUser(oidctest.User{Email: emailOf(s, o, "agent"), Unverified: true})
		refused("unverified e-mail", "not verified", nil)
		p.SetUser(oidctest.User{Email: emailOf(s, o, "agent")})
		if loc, session := s.ssoSignIn(o.ID, nil); loc != "/" || session == "" {
			t.Fatalf("after the refusals a good sign-in went to %q", loc)
		}
	})
}
