package admin_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// changeLog records what the PermissionsChanged hook heard.
type changeLog struct {
	mu      sync.Mutex
	changes []kefu.PermissionsChange
}

func (l *changeLog) hear(_ context.Context, ch kefu.PermissionsChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes = append(l.changes, ch)
}

// take returns and forgets what was heard.
func (l *changeLog) take() []kefu.PermissionsChange {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.changes
	l.changes = nil
	return out
}

// TestPermissionsChangedHook checks the hook revocation builds on: it names the agents whose
// permissions or scope changed, or the whole organisation, after each kind of change, and
// stays quiet when nothing that matters changed.
func TestPermissionsChangedHook(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		log := &changeLog{}
		svc := admin.New(admin.Options{Store: e.store, Auth: e.auth, PermissionsChanged: log.hear})
		ctx := context.Background()
		a := e.mustOrg(t, "hooked")
		owner, agent := a.actor(kefu.RoleOwner), a.agents[kefu.RoleAgent]

		role, err := svc.CreateCustomRole(ctx, owner, admin.RoleInput{Name: "Reader", Permissions: []string{"conversations.view_all"}})
		kefutest.Must(t, err)
		_, err = svc.UpdateAgent(ctx, owner, agent.ID, admin.AgentPatch{CustomRoleID: &role.ID})
		kefutest.Must(t, err)
		wantChange(t, "granting a custom role", log.take(), a.org.ID, false, agent.ID)

		_, err = svc.UpdateCustomRole(ctx, owner, role.ID, admin.RolePatch{Description: ptr("only the words")})
		kefutest.Must(t, err)
		wantChange(t, "a description change", log.take(), "", false)
		_, err = svc.UpdateCustomRole(ctx, owner, role.ID, admin.RolePatch{Permissions: &[]string{"conversations.view_all", "conversations.reply"}})
		kefutest.Must(t, err)
		wantChange(t, "widening the role", log.take(), a.org.ID, false, agent.ID)

		team, err := svc.CreateTeam(ctx, owner, admin.TeamInput{Name: "Sales"})
		kefutest.Must(t, err)
		_, err = svc.UpdateTeam(ctx, owner, team.ID, admin.TeamPatch{MemberIDs: &[]string{agent.ID}})
		kefutest.Must(t, err)
		wantChange(t, "joining a team", log.take(), a.org.ID, false, agent.ID)

		org, err := svc.GetOrg(ctx, owner)
		kefutest.Must(t, err)
		settings := org.Settings
		settings.TeamScoping = true
		_, err = svc.UpdateOrg(ctx, owner, admin.OrgPatch{Settings: &settings})
		kefutest.Must(t, err)
		wantChange(t, "turning team scoping on", log.take(), a.org.ID, true)
		_, err = svc.UpdateOrg(ctx, owner, admin.OrgPatch{Name: ptr("renamed")})
		kefutest.Must(t, err)
		wantChange(t, "a rename", log.take(), "", false)
	})
}

// wantChange fails unless got is exactly one change for org naming ids (or all), or, with org
// "", nothing.
func wantChange(t *testing.T, what string, got []kefu.PermissionsChange, org string, all bool, ids ...string) {
	t.Helper()
	if org == "" {
		if len(got) != 0 {
			t.Errorf("%s: heard %+v, want nothing", what, got)
		}
		return
	}
	if len(got) != 1 || got[0].OrgID != org || got[0].All != all || !slices.Equal(got[0].AgentIDs, ids) {
		t.Errorf("%s: heard %+v, want one change for org %s, all %v, agents %v", what, got, org, all, ids)
	}
}
