package admin_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// opCase is one service method in the permission matrix.
type opCase struct {
	name string
	need kefu.PermSet // the permissions it takes; anyAgent = every agent of the organisation
	// prepare makes a fresh object of org a for the call and returns its id; nil for methods
	// that take no id and act on the actor's own organisation.
	prepare func(t *testing.T, e *env, a *org) string
	run     func(ctx context.Context, s *admin.Service, actor kefu.Actor, id string) error
}

// anyAgent is what a method open to every agent of the organisation needs.
const anyAgent = kefu.PermSet(0)

// matrixCases lists every actor-taking method of the service.
func matrixCases() []opCase {
	var n atomic.Int64
	uniq := func(prefix string) string { return fmt.Sprintf("%s%d", prefix, n.Add(1)) }
	return []opCase{
		{name: "GetOrg", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.GetOrg(ctx, a)
			return err
		}},
		{name: "UpdateOrg", need: kefu.Perms(kefu.PermSettingsManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.UpdateOrg(ctx, a, admin.OrgPatch{Name: ptr(uniq("org "))})
			return err
		}},
		{name: "Me", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.Me(ctx, a)
			return err
		}},
		{name: "UpdateProfile", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.UpdateProfile(ctx, a, admin.ProfilePatch{Availability: ptr(kefu.Away)})
			return err
		}},
		{name: "ListAgents", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListAgents(ctx, a)
			return err
		}},
		{name: "CreateAgent", need: kefu.Perms(kefu.PermAgentsManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateAgent(ctx, a, admin.AgentInput{
				Email: uniq("new") + "@example.com", Name: "New", Password: testPassword, Role: kefu.RoleAgent,
			})
			return err
		}},
		{name: "GetAgent", need: anyAgent, prepare: prepAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetAgent(ctx, a, id)
			return err
		}},
		{name: "UpdateAgent", need: kefu.Perms(kefu.PermAgentsManage), prepare: prepAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateAgent(ctx, a, id, admin.AgentPatch{Capacity: ptr(3)})
			return err
		}},
		{name: "ListTeams", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListTeams(ctx, a)
			return err
		}},
		{name: "CreateTeam", need: kefu.Perms(kefu.PermTeamsManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateTeam(ctx, a, admin.TeamInput{Name: uniq("team ")})
			return err
		}},
		{name: "GetTeam", need: anyAgent, prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetTeam(ctx, a, id)
			return err
		}},
		{name: "UpdateTeam", need: kefu.Perms(kefu.PermTeamsManage), prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateTeam(ctx, a, id, admin.TeamPatch{Description: ptr("changed")})
			return err
		}},
		{name: "DeleteTeam", need: kefu.Perms(kefu.PermTeamsManage), prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteTeam(ctx, a, id)
		}},
		{name: "ListLabels", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListLabels(ctx, a)
			return err
		}},
		{name: "CreateLabel", need: kefu.Perms(kefu.PermLabelsManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateLabel(ctx, a, admin.LabelInput{Name: uniq("label")})
			return err
		}},
		{name: "UpdateLabel", need: kefu.Perms(kefu.PermLabelsManage), prepare: prepLabel, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateLabel(ctx, a, id, admin.LabelPatch{Color: ptr("#00ff00")})
			return err
		}},
		{name: "DeleteLabel", need: kefu.Perms(kefu.PermLabelsManage), prepare: prepLabel, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteLabel(ctx, a, id)
		}},
		{name: "ListInboxes", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListInboxes(ctx, a)
			return err
		}},
		{name: "CreateInbox", need: kefu.Perms(kefu.PermInboxesManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateInbox(ctx, a, admin.InboxInput{Name: "Site"})
			return err
		}},
		{name: "GetInbox", need: anyAgent, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetInbox(ctx, a, id)
			return err
		}},
		{name: "InboxSnippet", need: anyAgent, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.InboxSnippet(ctx, a, id, "")
			return err
		}},
		{name: "UpdateInbox", need: kefu.Perms(kefu.PermInboxesManage), prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateInbox(ctx, a, id, admin.InboxPatch{Greeting: ptr("hi")})
			return err
		}},
		{name: "DeleteInbox", need: kefu.Perms(kefu.PermInboxesManage), prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteInbox(ctx, a, id)
		}},
		{name: "InboxSecret", need: kefu.Perms(kefu.PermInboxesManage), prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.InboxSecret(ctx, a, id)
			return err
		}},
		{name: "CreateAPIToken", need: kefu.Perms(kefu.PermTokensManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, _, err := s.CreateAPIToken(ctx, a, "ci", kefu.RoleAgent, nil)
			return err
		}},
		{name: "ListAPITokens", need: kefu.Perms(kefu.PermTokensManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListAPITokens(ctx, a)
			return err
		}},
		{name: "RevokeAPIToken", need: kefu.Perms(kefu.PermTokensManage), prepare: prepToken, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.RevokeAPIToken(ctx, a, id)
		}},
		{name: "Permissions", need: anyAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.Permissions(ctx, a)
			return err
		}},
		{name: "ListCustomRoles", need: kefu.Perms(kefu.PermRolesManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListCustomRoles(ctx, a)
			return err
		}},
		{name: "CreateCustomRole", need: kefu.Perms(kefu.PermRolesManage), run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateCustomRole(ctx, a, admin.RoleInput{Name: uniq("role "), Permissions: []string{"contacts.view"}})
			return err
		}},
		{name: "GetCustomRole", need: kefu.Perms(kefu.PermRolesManage), prepare: prepRole, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetCustomRole(ctx, a, id)
			return err
		}},
		{name: "UpdateCustomRole", need: kefu.Perms(kefu.PermRolesManage), prepare: prepRole, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateCustomRole(ctx, a, id, admin.RolePatch{Description: ptr("changed")})
			return err
		}},
		{name: "DeleteCustomRole", need: kefu.Perms(kefu.PermRolesManage), prepare: prepRole, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteCustomRole(ctx, a, id)
		}},
	}
}

func prepRole(t *testing.T, e *env, a *org) string {
	t.Helper()
	roles, err := e.svc.ListCustomRoles(context.Background(), a.actor(kefu.RoleOwner))
	if err != nil {
		t.Fatalf("ListCustomRoles: %v", err)
	}
	r, err := e.svc.CreateCustomRole(context.Background(), a.actor(kefu.RoleOwner), admin.RoleInput{
		Name: fmt.Sprintf("prepared %d", len(roles)), Permissions: []string{"contacts.view"}})
	if err != nil {
		t.Fatalf("CreateCustomRole: %v", err)
	}
	return r.ID
}

func prepAgent(t *testing.T, e *env, a *org) string { return e.mustAgent(t, a, kefu.RoleAgent).ID }

func prepTeam(t *testing.T, e *env, a *org) string {
	t.Helper()
	ts, err := e.svc.ListTeams(context.Background(), a.actor(kefu.RoleOwner))
	if err != nil {
		t.Fatalf("ListTeams: %v", err)
	}
	tm, err := e.svc.CreateTeam(context.Background(), a.actor(kefu.RoleOwner), admin.TeamInput{
		Name: fmt.Sprintf("prep%d", len(ts)), MemberIDs: []string{a.agents[kefu.RoleAgent].ID},
	})
	if err != nil {
		t.Fatalf("CreateTeam: %v", err)
	}
	return tm.ID
}

func prepLabel(t *testing.T, e *env, a *org) string {
	t.Helper()
	ls, err := e.svc.ListLabels(context.Background(), a.actor(kefu.RoleOwner))
	if err != nil {
		t.Fatalf("ListLabels: %v", err)
	}
	l, err := e.svc.CreateLabel(context.Background(), a.actor(kefu.RoleOwner), admin.LabelInput{Name: fmt.Sprintf("prep%d", len(ls))})
	if err != nil {
		t.Fatalf("CreateLabel: %v", err)
	}
	return l.ID
}

func prepInbox(t *testing.T, e *env, a *org) string {
	t.Helper()
	ib, err := e.svc.CreateInbox(context.Background(), a.actor(kefu.RoleOwner), admin.InboxInput{Name: "Prepared"})
	if err != nil {
		t.Fatalf("CreateInbox: %v", err)
	}
	return ib.ID
}

func prepToken(t *testing.T, e *env, a *org) string {
	t.Helper()
	_, tok, err := e.svc.CreateAPIToken(context.Background(), a.actor(kefu.RoleOwner), "prepared", kefu.RoleAgent, nil)
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	return tok.ID
}

// matrixActor is one caller in the role matrix and the answer it should get.
type matrixActor struct {
	name  string
	actor kefu.Actor
	want  func(c opCase) kefu.Code
}

// matrixActors are every role of org a, every role of org b, and callers that are no agent.
func matrixActors(a, b *org) []matrixActor {
	var out []matrixActor
	// A custom role that may manage labels and nothing else of this service.
	custom := a.actor(kefu.RoleAgent)
	custom.Role, custom.Perms = kefu.RoleCustom, kefu.Perms(kefu.PermLabelsManage, kefu.PermConversationsViewAll)
	for _, m := range []struct {
		name  string
		actor kefu.Actor
	}{{"A custom labels role", custom}} {
		out = append(out, matrixActor{name: m.name, actor: m.actor, want: func(c opCase) kefu.Code {
			if m.actor.Permissions().Contains(c.need) {
				return ""
			}
			return kefu.CodeForbidden
		}})
	}
	for _, r := range roles {
		out = append(out, matrixActor{name: "A " + string(r), actor: a.actor(r), want: func(c opCase) kefu.Code {
			if r.Permissions().Contains(c.need) {
				return ""
			}
			return kefu.CodeForbidden
		}})
		out = append(out, matrixActor{name: "B " + string(r), actor: b.actor(r), want: func(c opCase) kefu.Code {
			switch {
			case c.prepare != nil:
				return kefu.CodeNotFound // org A's object is invisible to org B
			case r.Permissions().Contains(c.need):
				return "" // acts on its own organisation
			}
			return kefu.CodeForbidden
		}})
	}
	notFound := func(opCase) kefu.Code { return kefu.CodeNotFound }
	visitor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: a.org.ID, ContactID: a.agents[kefu.RoleAgent].ID}
	// An agent actor whose role is not a real role must get nothing, whatever the rank table says.
	bogus := kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.org.ID, AgentID: a.agents[kefu.RoleOwner].ID, Role: "root"}
	return append(out,
		matrixActor{name: "visitor of A", actor: visitor, want: notFound},
		matrixActor{name: "system of A", actor: kefu.SystemActor(a.org.ID), want: notFound},
		matrixActor{name: "bogus role", actor: bogus, want: notFound},
		matrixActor{name: "zero actor", actor: kefu.Actor{}, want: notFound},
	)
}

// TestPermissionMatrix calls every method as every built-in role and a custom role of two
// organisations, and as callers that are no agent: each gets exactly what its permissions allow.
func TestPermissionMatrix(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		a, b := e.mustOrg(t, "acme"), e.mustOrg(t, "bravo")
		ctx := context.Background()
		for _, c := range matrixCases() {
			t.Run(c.name, func(t *testing.T) {
				for _, m := range matrixActors(a, b) {
					id := ""
					if c.prepare != nil {
						id = c.prepare(t, e, a)
					}
					kefutest.WantCode(t, m.name, c.run(ctx, e.svc, m.actor, id), m.want(c))
				}
			})
		}
	})
}
