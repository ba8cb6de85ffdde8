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

// opCase is one service method in the role matrix.
type opCase struct {
	name string
	min  kefu.Role // the least role that may do it
	// prepare makes a fresh object of org a for the call and returns its id; nil for methods
	// that take no id and act on the actor's own organisation.
	prepare func(t *testing.T, e *env, a *org) string
	run     func(ctx context.Context, s *admin.Service, actor kefu.Actor, id string) error
}

// matrixCases lists every actor-taking method of the service.
func matrixCases() []opCase {
	var n atomic.Int64
	uniq := func(prefix string) string { return fmt.Sprintf("%s%d", prefix, n.Add(1)) }
	return []opCase{
		{name: "GetOrg", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.GetOrg(ctx, a)
			return err
		}},
		{name: "UpdateOrg", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.UpdateOrg(ctx, a, admin.OrgPatch{Name: ptr(uniq("org "))})
			return err
		}},
		{name: "Me", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.Me(ctx, a)
			return err
		}},
		{name: "UpdateProfile", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.UpdateProfile(ctx, a, admin.ProfilePatch{Availability: ptr(kefu.Away)})
			return err
		}},
		{name: "ListAgents", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListAgents(ctx, a)
			return err
		}},
		{name: "CreateAgent", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateAgent(ctx, a, admin.AgentInput{
				Email: uniq("new") + "@example.com", Name: "New", Password: testPassword, Role: kefu.RoleAgent,
			})
			return err
		}},
		{name: "GetAgent", min: kefu.RoleAgent, prepare: prepAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetAgent(ctx, a, id)
			return err
		}},
		{name: "UpdateAgent", min: kefu.RoleAdmin, prepare: prepAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateAgent(ctx, a, id, admin.AgentPatch{Capacity: ptr(3)})
			return err
		}},
		{name: "ListTeams", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListTeams(ctx, a)
			return err
		}},
		{name: "CreateTeam", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateTeam(ctx, a, admin.TeamInput{Name: uniq("team ")})
			return err
		}},
		{name: "GetTeam", min: kefu.RoleAgent, prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetTeam(ctx, a, id)
			return err
		}},
		{name: "UpdateTeam", min: kefu.RoleAdmin, prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateTeam(ctx, a, id, admin.TeamPatch{Description: ptr("changed")})
			return err
		}},
		{name: "DeleteTeam", min: kefu.RoleAdmin, prepare: prepTeam, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteTeam(ctx, a, id)
		}},
		{name: "ListLabels", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListLabels(ctx, a)
			return err
		}},
		{name: "CreateLabel", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateLabel(ctx, a, admin.LabelInput{Name: uniq("label")})
			return err
		}},
		{name: "UpdateLabel", min: kefu.RoleAdmin, prepare: prepLabel, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateLabel(ctx, a, id, admin.LabelPatch{Color: ptr("#00ff00")})
			return err
		}},
		{name: "DeleteLabel", min: kefu.RoleAdmin, prepare: prepLabel, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteLabel(ctx, a, id)
		}},
		{name: "ListInboxes", min: kefu.RoleAgent, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListInboxes(ctx, a)
			return err
		}},
		{name: "CreateInbox", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.CreateInbox(ctx, a, admin.InboxInput{Name: "Site"})
			return err
		}},
		{name: "GetInbox", min: kefu.RoleAgent, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.GetInbox(ctx, a, id)
			return err
		}},
		{name: "InboxSnippet", min: kefu.RoleAgent, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.InboxSnippet(ctx, a, id, "")
			return err
		}},
		{name: "UpdateInbox", min: kefu.RoleAdmin, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.UpdateInbox(ctx, a, id, admin.InboxPatch{Greeting: ptr("hi")})
			return err
		}},
		{name: "DeleteInbox", min: kefu.RoleAdmin, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.DeleteInbox(ctx, a, id)
		}},
		{name: "InboxSecret", min: kefu.RoleAdmin, prepare: prepInbox, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			_, err := s.InboxSecret(ctx, a, id)
			return err
		}},
		{name: "CreateAPIToken", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, _, err := s.CreateAPIToken(ctx, a, "ci", kefu.RoleAgent, nil)
			return err
		}},
		{name: "ListAPITokens", min: kefu.RoleAdmin, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, _ string) error {
			_, err := s.ListAPITokens(ctx, a)
			return err
		}},
		{name: "RevokeAPIToken", min: kefu.RoleAdmin, prepare: prepToken, run: func(ctx context.Context, s *admin.Service, a kefu.Actor, id string) error {
			return s.RevokeAPIToken(ctx, a, id)
		}},
	}
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
	for _, r := range roles {
		out = append(out, matrixActor{name: "A " + string(r), actor: a.actor(r), want: func(c opCase) kefu.Code {
			if r.AtLeast(c.min) {
				return ""
			}
			return kefu.CodeForbidden
		}})
		out = append(out, matrixActor{name: "B " + string(r), actor: b.actor(r), want: func(c opCase) kefu.Code {
			switch {
			case c.prepare != nil:
				return kefu.CodeNotFound // org A's object is invisible to org B
			case r.AtLeast(c.min):
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

func TestRoleMatrix(t *testing.T) {
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
