package auth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func agentActor(id string, role kefu.Role) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org1", AgentID: id, Role: role}
}

func TestCreateAPITokenValidation(t *testing.T) {
	e := newTestEnv(t)
	past := e.clock.Now().Add(-time.Second)
	tests := []struct {
		name    string
		creator kefu.Actor
		tname   string
		role    kefu.Role
		expires *time.Time
		code    kefu.Code
		field   string
	}{
		{"visitor", kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "org1", ContactID: "c"}, "x", kefu.RoleAgent, nil, kefu.CodeForbidden, ""},
		{"system", kefu.SystemActor("org1"), "x", kefu.RoleAgent, nil, kefu.CodeForbidden, ""},
		{"token creating token", kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org1", AgentID: "a1", Role: kefu.RoleOwner, TokenID: "t"}, "x", kefu.RoleAgent, nil, kefu.CodeForbidden, ""},
		{"empty name", agentActor("a1", kefu.RoleOwner), "  ", kefu.RoleAgent, nil, kefu.CodeInvalid, "name"},
		{"long name", agentActor("a1", kefu.RoleOwner), strings.Repeat("名", 101), kefu.RoleAgent, nil, kefu.CodeInvalid, "name"},
		{"unknown role", agentActor("a1", kefu.RoleOwner), "x", kefu.Role("root"), nil, kefu.CodeInvalid, "role"},
		{"role above creator", agentActor("a2", kefu.RoleAgent), "x", kefu.RoleAdmin, nil, kefu.CodeForbidden, ""},
		{"expired already", agentActor("a1", kefu.RoleOwner), "x", kefu.RoleAgent, &past, kefu.CodeInvalid, "expires_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, tok, err := e.svc.CreateAPIToken(context.Background(), tt.creator, tt.tname, tt.role, tt.expires)
			var ke *kefu.Error
			if !asKefu(err, &ke) || ke.Code != tt.code || ke.Field != tt.field || pt != "" || tok != nil {
				t.Fatalf("got %q, %v, %v, want %s on field %q", pt, tok, err, tt.code, tt.field)
			}
		})
	}
}

func TestAPITokenLifecycle(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	exp := e.clock.Now().Add(48 * time.Hour)
	plain, tok, err := e.svc.CreateAPIToken(ctx, agentActor("a1", kefu.RoleOwner), " CRM sync ", kefu.RoleSupervisor, &exp)
	if err != nil {
		t.Fatal(err)
	}
	if SecretKind(plain) != APITokenPrefix || tok.Name != "CRM sync" || tok.AgentID != "a1" || tok.OrgID != "org1" ||
		tok.ID == "" || !strings.HasPrefix(plain, tok.Prefix) || len(tok.Prefix) != 12 || string(tok.Hash) != string(HashSecret(plain)) {
		t.Fatalf("got %q, %+v, want a kft_ token for a1 stored by hash", plain, tok)
	}
	want := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org1", AgentID: "a1", Role: kefu.RoleSupervisor,
		Perms: kefu.RoleSupervisor.Permissions(), TokenID: tok.ID, TokenExpiresAt: exp}
	actor, sess, err := e.svc.Authenticate(ctx, plain)
	if err != nil || actor != want || sess != nil {
		t.Fatalf("got %+v, %v, %v, want %+v and no session", actor, sess, err, want)
	}
	e.svc.Authenticate(ctx, plain)
	if _, n := e.store.touches(); n != 1 {
		t.Fatalf("got %d token touches, want 1 (first use, then at most once a minute)", n)
	}
	e.clock.Advance(time.Minute)
	e.svc.Authenticate(ctx, plain)
	if _, n := e.store.touches(); n != 2 {
		t.Fatalf("got %d token touches after a minute, want 2", n)
	}

	e.store.setAgent("a1", func(a *kefu.Agent) { a.Role = kefu.RoleAgent })
	// The token keeps its role but holds only what its creator still holds.
	if actor, _, _ := e.svc.Authenticate(ctx, plain); actor.Permissions() != kefu.RoleAgent.Permissions() {
		t.Fatalf("after demoting the creator got permissions %v, want the agent's", actor.Permissions().Names())
	}
	e.store.setAgent("a1", func(a *kefu.Agent) { a.Role = kefu.RoleOwner })

	e.clock.Advance(48 * time.Hour)
	if _, _, err := e.svc.Authenticate(ctx, plain); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("expired token got %v, want unauthenticated", err)
	}
}

func TestAPITokenRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *testEnv, id string)
	}{
		{"revoked", func(e *testEnv, id string) {
			now := e.clock.Now()
			e.store.setToken(id, func(t *kefu.APIToken) { t.RevokedAt = &now })
		}},
		{"creator disabled", func(e *testEnv, id string) {
			e.store.setAgent("a1", func(a *kefu.Agent) { a.Disabled = true })
		}},
		{"creator moved org", func(e *testEnv, id string) {
			e.store.setAgent("a1", func(a *kefu.Agent) { a.OrgID = "org2" })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t)
			ctx := context.Background()
			plain, tok, err := e.svc.CreateAPIToken(ctx, agentActor("a1", kefu.RoleOwner), "t", kefu.RoleAgent, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := e.svc.Authenticate(ctx, plain); err != nil {
				t.Fatalf("before the change got %v, want nil", err)
			}
			tt.change(e, tok.ID)
			if _, _, err := e.svc.Authenticate(ctx, plain); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
				t.Fatalf("got %v, want unauthenticated", err)
			}
		})
	}
}
