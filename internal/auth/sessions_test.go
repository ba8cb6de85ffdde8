package auth

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// revocations records what a Revoker announced.
type revocations struct {
	mu  sync.Mutex
	got []kefu.Revocation
}

func (r *revocations) Publish(evs []kefu.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ev := range evs {
		if ev.Type == kefu.EventRevoked && ev.Revocation != nil && ev.OrgID != "" {
			r.got = append(r.got, *ev.Revocation)
		}
	}
}

func (r *revocations) take() []kefu.Revocation {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// TestSessionsWithRealStore: sign-in records the client, the session list shows the agent's own
// live sessions, ending one (or logging out, or a password change) announces exactly that
// revocation, and CheckCredential follows expiry and sign-out.
func TestSessionsWithRealStore(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.Store{
		"sqlite":   storetest.OpenSQLite,
		"postgres": storetest.OpenPostgres,
	} {
		t.Run(name, func(t *testing.T) { testSessions(t, open(t)) })
	}
}

func testSessions(t *testing.T, st *store.Store) {
	ctx := context.Background()
	clock, revs := newFakeClock(), &revocations{}
	svc, err := NewService(Options{Store: st, Now: clock.Now, SecretKey: []byte("0123456789abcdef0123456789abcdef"),
		PasswordParams: testPasswordParams, SessionTTL: time.Hour, Revoker: NewRevoker(revs, nil)})
	if err != nil {
		t.Fatal(err)
	}
	org := &kefu.Org{Name: "Acme", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@example.com", Name: "Owner", Role: kefu.RoleOwner, PasswordHash: mustHash(t, "owner-password")}
	if err := st.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}
	login := func(ua string) (string, kefu.Actor) {
		tok, _, _, err := svc.LoginFrom(ctx, "owner@example.com", "owner-password", SessionClient{IP: "192.0.2.7", UserAgent: ua})
		if err != nil {
			t.Fatal(err)
		}
		actor, _, err := svc.Authenticate(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		return tok, actor
	}
	_, first := login("Browser/1 " + strings.Repeat("é", 200))
	clock.Advance(30 * time.Minute)
	tokB, second := login("Browser/2")

	list, err := svc.ListSessions(ctx, second)
	if err != nil || len(list) != 2 || list[0].ID != second.SessionID || list[1].ID != first.SessionID {
		t.Fatalf("list got %+v, %v; want the two sessions, newest first", list, err)
	}
	if ua := list[1].UserAgent; list[1].ClientIP != "192.0.2.7" || len(ua) > maxUserAgentLen || !strings.HasPrefix(ua, "Browser/1 é") || !strings.HasSuffix(ua, "é") {
		t.Fatalf("recorded client %q %q: want the IP and the User-Agent cut to %d bytes on a character boundary", list[1].ClientIP, ua, maxUserAgentLen)
	}
	if got, err := svc.CheckCredential(ctx, first); err != nil || got != first {
		t.Fatalf("check of a live session got %+v, %v", got, err)
	}
	clock.Advance(40 * time.Minute) // the first session (1 h) has expired, the second not
	if _, err := svc.CheckCredential(ctx, first); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("check of an expired session got %v, want unauthenticated", err)
	}
	if list, _ := svc.ListSessions(ctx, second); len(list) != 1 {
		t.Fatalf("list after expiry got %d sessions, want 1", len(list))
	}

	stranger := kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: "01a24d3c-e475-70dd-b4af-953d329ccb48", Role: kefu.RoleOwner}
	if err := svc.EndSession(ctx, stranger, second.SessionID); !kefu.IsNotFound(err) {
		t.Fatalf("another agent ending the session got %v, want not found", err)
	}
	if err := svc.EndSession(ctx, second, first.SessionID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Logout(ctx, tokB); err != nil {
		t.Fatal(err)
	}
	if err := svc.Logout(ctx, tokB); err != nil { // already ended: nothing more to announce
		t.Fatal(err)
	}
	_, third := login("Browser/3")
	if err := svc.EndOtherSessions(ctx, third, ""); err != nil { // "" keeps none
		t.Fatal(err)
	}
	want := []kefu.Revocation{
		{Reason: kefu.RevokeSignedOut, AgentID: owner.ID, SessionID: first.SessionID},
		{Reason: kefu.RevokeSignedOut, AgentID: owner.ID, SessionID: second.SessionID},
		{Reason: kefu.RevokeSignedOut, AgentID: owner.ID, SessionsOnly: true},
	}
	if got := revs.take(); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("announced %+v, want %+v", got, want)
	}
	if _, err := svc.CheckCredential(ctx, third); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("check of a signed-out session got %v, want unauthenticated", err)
	}
}
