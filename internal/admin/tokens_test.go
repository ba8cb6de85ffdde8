package admin_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestAPITokens(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		adm, own := a.actor(kefu.RoleAdmin), a.actor(kefu.RoleOwner)

		_, _, err := e.svc.CreateAPIToken(ctx, adm, "too strong", kefu.RoleOwner, nil)
		kefutest.WantCode(t, "admin creates an owner token", err, kefu.CodeForbidden)
		viaToken := adm
		viaToken.TokenID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
		_, _, err = e.svc.CreateAPIToken(ctx, viaToken, "minted", kefu.RoleAgent, nil)
		kefutest.WantCode(t, "a token mints a token", err, kefu.CodeForbidden)
		past := time.Now().Add(-time.Hour)
		_, _, err = e.svc.CreateAPIToken(ctx, adm, "expired", kefu.RoleAgent, &past)
		kefutest.WantCode(t, "expiry in the past", err, kefu.CodeInvalid)

		plain, tok, err := e.svc.CreateAPIToken(ctx, adm, "crm sync", kefu.RoleSupervisor, nil)
		if err != nil {
			t.Fatalf("CreateAPIToken: %v", err)
		}
		actor, _, err := e.auth.Authenticate(ctx, plain)
		if err != nil || actor.Role != kefu.RoleSupervisor || actor.TokenID != tok.ID || actor.AgentID != adm.AgentID {
			t.Fatalf("Authenticate with the new token: got %+v, %v", actor, err)
		}
		_, ownerTok, err := e.svc.CreateAPIToken(ctx, own, "owner job", kefu.RoleOwner, nil)
		if err != nil {
			t.Fatalf("owner CreateAPIToken: %v", err)
		}

		list, err := e.svc.ListAPITokens(ctx, adm)
		if err != nil || len(list) != 2 {
			t.Fatalf("ListAPITokens: got %d tokens, %v, want 2", len(list), err)
		}

		kefutest.WantCode(t, "admin revokes the owner's token", e.svc.RevokeAPIToken(ctx, adm, ownerTok.ID), kefu.CodeForbidden)
		kefutest.WantCode(t, "revoke unknown", e.svc.RevokeAPIToken(ctx, adm, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), kefu.CodeNotFound)
		kefutest.WantCode(t, "revoke malformed", e.svc.RevokeAPIToken(ctx, adm, "x"), kefu.CodeNotFound)
		if err := e.svc.RevokeAPIToken(ctx, adm, tok.ID); err != nil {
			t.Fatalf("RevokeAPIToken: %v", err)
		}
		_, _, err = e.auth.Authenticate(ctx, plain)
		kefutest.WantCode(t, "Authenticate with a revoked token", err, kefu.CodeUnauthenticated)
		if err := e.svc.RevokeAPIToken(ctx, own, ownerTok.ID); err != nil {
			t.Errorf("owner revokes own token: %v", err)
		}
	})
}
