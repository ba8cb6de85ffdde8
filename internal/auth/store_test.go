package auth

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

var _ Store = (*store.Store)(nil)

// TestWithRealStore runs the credential flows against the real store: SQLite always,
// PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func TestWithRealStore(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.Store{
		"sqlite":   storetest.OpenSQLite,
		"postgres": storetest.OpenPostgres,
	} {
		t.Run(name, func(t *testing.T) { testRealStore(t, open(t)) })
	}
}

func testRealStore(t *testing.T, st *store.Store) {
	ctx := context.Background()
	clock := newFakeClock()
	svc, err := NewService(Options{Store: st, Now: clock.Now, SecretKey: []byte("0123456789abcdef0123456789abcdef"), PasswordParams: testPasswordParams})
	if err != nil {
		t.Fatal(err)
	}
	org := &kefu.Org{Name: "Acme", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "Owner@Example.com", Name: "Owner", Role: kefu.RoleOwner, PasswordHash: mustHash(t, "owner-password")}
	if err := st.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}

	if _, _, _, err := svc.Login(ctx, "owner@example.com", "wrong-password", "192.0.2.9"); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("wrong password got %v, want unauthenticated", err)
	}
	if _, _, _, err := svc.Login(ctx, "nobody@example.com", "owner-password", "192.0.2.9"); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("unknown email got %v, want unauthenticated", err)
	}
	tok, sess, agent, err := svc.Login(ctx, "OWNER@example.com", "owner-password", "192.0.2.9")
	if err != nil || agent.ID != owner.ID {
		t.Fatalf("login got %v, %v, want the owner", agent, err)
	}
	actor, got, err := svc.Authenticate(ctx, tok)
	want := kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: owner.ID, Role: kefu.RoleOwner,
		Perms: kefu.RoleOwner.Permissions(), SessionID: sess.ID}
	if err != nil || actor != want || sess.ID == "" || !CheckCSRF(got, sess.CSRFToken) {
		t.Fatalf("authenticate got %+v, %v, want %+v with the login's CSRF token", actor, err, want)
	}
	if stored, err := st.GetSession(ctx, HashSecret(tok)); err != nil || stored.CSRFToken != "" {
		t.Fatalf("got stored session %+v, %v, want no CSRF token in the database", stored, err)
	}
	clock.Advance(2 * time.Minute)
	if _, _, err := svc.Authenticate(ctx, tok); err != nil {
		t.Fatal(err)
	}
	stored, err := st.GetSession(ctx, HashSecret(tok))
	if err != nil || !stored.LastSeenAt.Equal(clock.Now()) || !stored.ExpiresAt.Equal(clock.Now().Add(DefaultSessionTTL)) {
		t.Fatalf("got stored session %+v, %v, want it touched and slid", stored, err)
	}

	exp := clock.Now().Add(time.Hour)
	plain, apiTok, err := svc.CreateAPIToken(ctx, actor, "integration", kefu.RoleAdmin, &exp)
	if err != nil {
		t.Fatal(err)
	}
	tokActor, _, err := svc.Authenticate(ctx, plain)
	if err != nil || tokActor.TokenID != apiTok.ID || tokActor.Role != kefu.RoleAdmin || tokActor.AgentID != owner.ID || !tokActor.TokenExpiresAt.Equal(exp) {
		t.Fatalf("token authenticate got %+v, %v, want admin acting for the owner", tokActor, err)
	}
	if used, _ := st.GetAPITokenByHash(ctx, HashSecret(plain)); used == nil || used.LastUsedAt == nil {
		t.Fatalf("got token %+v, want last_used_at set", used)
	}
	if err := st.RevokeAPIToken(ctx, org.ID, apiTok.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, plain); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("revoked token got %v, want unauthenticated", err)
	}

	if err := svc.Logout(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Authenticate(ctx, tok); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("after logout got %v, want unauthenticated", err)
	}
}
