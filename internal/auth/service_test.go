package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// testEnv is a Service over a memStore with a fake clock and three agents in org1: alice
// (owner), bob (agent) and carol (disabled). Every password is "password-<name>".
type testEnv struct {
	store *memStore
	clock *fakeClock
	svc   *Service
	alice *kefu.Agent
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	e := &testEnv{store: newMemStore(), clock: newFakeClock()}
	svc, err := NewService(Options{
		Store: e.store, Now: e.clock.Now, SecretKey: []byte(strings.Repeat("k", 32)),
		PasswordParams: testPasswordParams,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	for _, a := range []kefu.Agent{
		{ID: "a1", Email: "alice@example.com", Role: kefu.RoleOwner},
		{ID: "a2", Email: "bob@example.com", Role: kefu.RoleAgent},
		{ID: "a3", Email: "carol@example.com", Role: kefu.RoleAdmin, Disabled: true},
	} {
		a.OrgID = "org1"
		a.PasswordHash = mustHash(t, "password-"+strings.Split(a.Email, "@")[0])
		added := e.store.addAgent(a)
		if a.ID == "a1" {
			e.alice = added
		}
	}
	return e
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashPassword(pw, testPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (e *testEnv) login(t *testing.T, email, pw string) string {
	t.Helper()
	tok, _, _, err := e.svc.Login(context.Background(), email, pw, "192.0.2.1")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	return tok
}

func TestNewServiceRequires(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	tests := []struct {
		name string
		opts Options
	}{
		{"no store", Options{SecretKey: key}},
		{"no key", Options{Store: newMemStore()}},
		{"short key", Options{Store: newMemStore(), SecretKey: key[:31]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewService(tt.opts); err == nil {
				t.Fatal("got nil error, want error")
			}
		})
	}
}

func TestLoginSuccess(t *testing.T) {
	e := newTestEnv(t)
	tok, sess, agent, err := e.svc.Login(context.Background(), " alice@example.com ", "password-alice", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if SecretKind(tok) != SessionPrefix {
		t.Fatalf("got token %q, want a session secret", tok)
	}
	if agent.ID != "a1" || agent.PasswordHash != "" {
		t.Fatalf("got agent %+v, want a1 without its password hash", agent)
	}
	now := e.clock.Now()
	if sess.AgentID != "a1" || sess.OrgID != "org1" || len(sess.CSRFToken) < 40 ||
		!sess.ExpiresAt.Equal(now.Add(DefaultSessionTTL)) || string(sess.Hash) != string(HashSecret(tok)) {
		t.Fatalf("got session %+v, want a1's session expiring in 7 days with a CSRF token", sess)
	}
	if _, err := e.store.GetSession(context.Background(), HashSecret(tok)); err != nil {
		t.Fatalf("got %v looking up the stored session, want it stored by hash", err)
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct{ name, email, pw string }{
		{"unknown email", "nobody@example.com", "password-nobody"},
		{"wrong password", "alice@example.com", "password-bob"},
		{"disabled agent", "carol@example.com", "password-carol"},
		{"empty email", "", "password-alice"},
		{"empty password", "alice@example.com", ""},
		{"oversize password", "alice@example.com", strings.Repeat("p", 300)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, sess, agent, err := e.svc.Login(context.Background(), tt.email, tt.pw, "")
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code != kefu.CodeUnauthenticated || ke.Message != "invalid email or password" {
				t.Fatalf("got %v, want unauthenticated \"invalid email or password\"", err)
			}
			if tok != "" || sess != nil || agent != nil {
				t.Fatalf("got %q, %v, %v alongside the error, want zero values", tok, sess, agent)
			}
		})
	}
}

func TestLoginStoreFailureIsInternal(t *testing.T) {
	e := newTestEnv(t)
	e.store.failGetByMail = errors.New("disk on fire")
	_, _, _, err := e.svc.Login(context.Background(), "alice@example.com", "password-alice", "192.0.2.1")
	if kefu.ErrorCode(err) != kefu.CodeInternal {
		t.Fatalf("got %v, want internal", err)
	}
	e.store.failGetByMail = nil
	for range 10 { // store failures must not count towards the lockout
		if _, _, _, err := e.svc.Login(context.Background(), "alice@example.com", "password-alice", "192.0.2.1"); err != nil {
			t.Fatalf("got %v, want success", err)
		}
	}
}

func TestAuthenticateSession(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	tok := e.login(t, "alice@example.com", "password-alice")
	want := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org1", AgentID: "a1", Role: kefu.RoleOwner, Perms: kefu.RoleOwner.Permissions(),
		SessionID: kefu.SessionID(HashSecret(tok))}
	for _, bearer := range []string{tok, "Bearer " + tok, "bearer  " + tok} {
		actor, sess, err := e.svc.Authenticate(ctx, bearer)
		if err != nil || actor != want || sess == nil || sess.AgentID != "a1" {
			t.Fatalf("%q: got %+v, %+v, %v, want %+v and the session", bearer, actor, sess, err, want)
		}
	}
	if s, _ := e.store.touches(); s != 0 {
		t.Fatalf("got %d session touches within the first minute, want 0", s)
	}
	e.clock.Advance(time.Minute)
	_, sess, _ := e.svc.Authenticate(ctx, tok)
	e.svc.Authenticate(ctx, tok)
	if s, _ := e.store.touches(); s != 1 {
		t.Fatalf("got %d session touches, want 1 (at most once a minute)", s)
	}
	if want := e.clock.Now().Add(DefaultSessionTTL); !sess.ExpiresAt.Equal(want) {
		t.Fatalf("got expiry %s, want slid to %s", sess.ExpiresAt, want)
	}
}

func TestAuthenticateSessionSlidesAndExpires(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	tok := e.login(t, "alice@example.com", "password-alice")
	for range 3 { // used every 6 days, the 7-day session stays alive
		e.clock.Advance(6 * 24 * time.Hour)
		if _, _, err := e.svc.Authenticate(ctx, tok); err != nil {
			t.Fatalf("got %v, want the sliding session to live", err)
		}
	}
	e.clock.Advance(DefaultSessionTTL)
	if _, _, err := e.svc.Authenticate(ctx, tok); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("idle past the TTL got %v, want unauthenticated", err)
	}
}

func TestAuthenticateRejects(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	tok := e.login(t, "bob@example.com", "password-bob")
	other, _ := NewSecret(SessionPrefix)
	unknownToken, _ := NewSecret(APITokenPrefix)
	tests := []struct{ name, bearer string }{
		{"empty", ""},
		{"garbage", "hello"},
		{"unknown session", other},
		{"unknown api token", unknownToken},
		{"visitor jwt", "eyJhbGciOiJIUzI1NiJ9.e30.sig"},
		{"session with junk", tok + "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, s, err := e.svc.Authenticate(ctx, tt.bearer)
			if kefu.ErrorCode(err) != kefu.CodeUnauthenticated || a != (kefu.Actor{}) || s != nil {
				t.Fatalf("got %+v, %v, %v, want unauthenticated", a, s, err)
			}
		})
	}
	e.store.setAgent("a2", func(a *kefu.Agent) { a.Disabled = true })
	if _, _, err := e.svc.Authenticate(ctx, tok); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("disabled agent's session got %v, want unauthenticated", err)
	}
}

func TestLogout(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	tok := e.login(t, "alice@example.com", "password-alice")
	if err := e.svc.Logout(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.Authenticate(ctx, tok); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("after logout got %v, want unauthenticated", err)
	}
	if err := e.svc.Logout(ctx, tok); err != nil {
		t.Fatalf("second logout got %v, want nil", err)
	}
	if err := e.svc.Logout(ctx, "junk"); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("logout with junk got %v, want unauthenticated", err)
	}
}
