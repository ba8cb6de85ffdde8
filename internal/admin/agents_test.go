package admin_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

func TestAgentRoleHierarchy(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		adm := a.actor(kefu.RoleAdmin)
		tests := []struct {
			name string
			run  func() error
			want kefu.Code
		}{
			{"admin creates owner", func() error {
				_, err := e.svc.CreateAgent(ctx, adm, admin.AgentInput{Email: "o2@example.com", Name: "O", Password: testPassword, Role: kefu.RoleOwner})
				return err
			}, kefu.CodeForbidden},
			{"admin creates admin", func() error {
				_, err := e.svc.CreateAgent(ctx, adm, admin.AgentInput{Email: "a2@example.com", Name: "A", Password: testPassword, Role: kefu.RoleAdmin})
				return err
			}, ""},
			{"owner creates owner", func() error {
				_, err := e.svc.CreateAgent(ctx, a.actor(kefu.RoleOwner), admin.AgentInput{Email: "o3@example.com", Name: "O", Password: testPassword, Role: kefu.RoleOwner})
				return err
			}, ""},
			{"admin renames owner", func() error {
				_, err := e.svc.UpdateAgent(ctx, adm, a.agents[kefu.RoleOwner].ID, admin.AgentPatch{Name: ptr("x")})
				return err
			}, kefu.CodeForbidden},
			{"admin disables owner", func() error {
				_, err := e.svc.UpdateAgent(ctx, adm, a.agents[kefu.RoleOwner].ID, admin.AgentPatch{Disabled: ptr(true)})
				return err
			}, kefu.CodeForbidden},
			{"admin promotes agent to owner", func() error {
				_, err := e.svc.UpdateAgent(ctx, adm, a.agents[kefu.RoleAgent].ID, admin.AgentPatch{Role: ptr(kefu.RoleOwner)})
				return err
			}, kefu.CodeForbidden},
			{"admin promotes agent to supervisor", func() error {
				_, err := e.svc.UpdateAgent(ctx, adm, a.agents[kefu.RoleAgent].ID, admin.AgentPatch{Role: ptr(kefu.RoleSupervisor)})
				return err
			}, ""},
			{"admin changes itself", func() error {
				_, err := e.svc.UpdateAgent(ctx, adm, a.agents[kefu.RoleAdmin].ID, admin.AgentPatch{Capacity: ptr(0)})
				return err
			}, ""},
			{"supervisor changes agent", func() error {
				_, err := e.svc.UpdateAgent(ctx, a.actor(kefu.RoleSupervisor), a.agents[kefu.RoleAgent].ID, admin.AgentPatch{Capacity: ptr(1)})
				return err
			}, kefu.CodeForbidden},
			{"owner promotes admin to owner", func() error {
				_, err := e.svc.UpdateAgent(ctx, a.actor(kefu.RoleOwner), a.agents[kefu.RoleAdmin].ID, admin.AgentPatch{Role: ptr(kefu.RoleOwner)})
				return err
			}, ""},
		}
		for _, tt := range tests {
			kefutest.WantCode(t, tt.name, tt.run(), tt.want)
		}
		owner, err := e.svc.GetAgent(ctx, a.actor(kefu.RoleAgent), a.agents[kefu.RoleOwner].ID)
		if err != nil || owner.Name != "owner" || owner.Disabled {
			t.Errorf("owner after refused changes: got %+v, %v, want unchanged", owner, err)
		}
		ag, err := e.svc.GetAgent(ctx, a.actor(kefu.RoleAgent), a.agents[kefu.RoleAgent].ID)
		if err != nil || ag.Role != kefu.RoleSupervisor {
			t.Errorf("promoted agent: got role %v (%v), want supervisor", ag.Role, err)
		}
	})
}

func TestLastOwnerProtected(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		owner := a.actor(kefu.RoleOwner)
		ownerID := a.agents[kefu.RoleOwner].ID

		_, err := e.svc.UpdateAgent(ctx, owner, ownerID, admin.AgentPatch{Role: ptr(kefu.RoleAdmin)})
		kefutest.WantCode(t, "demote the only owner", err, kefu.CodeConflict)
		_, err = e.svc.UpdateAgent(ctx, owner, ownerID, admin.AgentPatch{Disabled: ptr(true)})
		kefutest.WantCode(t, "disable the only owner", err, kefu.CodeConflict)

		// A disabled second owner does not count as someone who can still administer.
		second := e.mustAgent(t, a, kefu.RoleOwner)
		if _, err := e.svc.UpdateAgent(ctx, owner, second.ID, admin.AgentPatch{Disabled: ptr(true)}); err != nil {
			t.Fatalf("disable the second owner: %v", err)
		}
		_, err = e.svc.UpdateAgent(ctx, owner, ownerID, admin.AgentPatch{Role: ptr(kefu.RoleAgent)})
		kefutest.WantCode(t, "demote the only active owner", err, kefu.CodeConflict)

		if _, err := e.svc.UpdateAgent(ctx, owner, second.ID, admin.AgentPatch{Disabled: ptr(false)}); err != nil {
			t.Fatalf("enable the second owner: %v", err)
		}
		_, err = e.svc.UpdateAgent(ctx, owner, ownerID, admin.AgentPatch{Role: ptr(kefu.RoleAdmin)})
		kefutest.WantCode(t, "demote one of two owners", err, "")
		secondActor := kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.org.ID, AgentID: second.ID, Role: kefu.RoleOwner}
		_, err = e.svc.UpdateAgent(ctx, secondActor, second.ID, admin.AgentPatch{Disabled: ptr(true)})
		kefutest.WantCode(t, "disable the remaining owner", err, kefu.CodeConflict)

		agents, err := e.svc.ListAgents(ctx, secondActor)
		if err != nil {
			t.Fatalf("ListAgents: %v", err)
		}
		active := 0
		for _, ag := range agents {
			if ag.Role == kefu.RoleOwner && !ag.Disabled {
				active++
			}
		}
		if active != 1 {
			t.Errorf("active owners: got %d, want 1", active)
		}
	})
}

func TestDisableSignsOut(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		a := e.mustOrg(t, "acme")
		token, _, _, err := e.auth.Login(ctx, "agent@acme.example.com", testPassword, "127.0.0.1")
		if err != nil {
			t.Fatalf("Login: %v", err)
		}
		if _, _, err := e.auth.Authenticate(ctx, token); err != nil {
			t.Fatalf("Authenticate before disabling: %v", err)
		}
		got, err := e.svc.UpdateAgent(ctx, a.actor(kefu.RoleAdmin), a.agents[kefu.RoleAgent].ID, admin.AgentPatch{Disabled: ptr(true)})
		if err != nil || !got.Disabled {
			t.Fatalf("disable: got %+v, %v", got, err)
		}
		_, _, err = e.auth.Authenticate(ctx, token)
		kefutest.WantCode(t, "Authenticate after disabling", err, kefu.CodeUnauthenticated)
		if _, err := e.store.GetSession(ctx, auth.HashSecret(token)); !kefu.IsNotFound(err) {
			t.Errorf("session row after disabling: got %v, want not found", err)
		}
	})
}
