package admin

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TeamInput creates a team.
type TeamInput struct {
	Name        string
	Description string
	MemberIDs   []string
}

// TeamPatch changes a team; nil fields stay as they are. MemberIDs replaces the members.
type TeamPatch struct {
	Name        *string
	Description *string
	MemberIDs   *[]string
}

// ListTeams returns the teams of the actor's organisation.
func (s *Service) ListTeams(ctx context.Context, actor kefu.Actor) ([]kefu.Team, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.ListTeams(ctx, actor.OrgID)
}

// GetTeam returns a team of the actor's organisation.
func (s *Service) GetTeam(ctx context.Context, actor kefu.Actor, id string) (*kefu.Team, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.team(ctx, actor, id)
}

// team loads a team of the actor's organisation; anything else is not found.
func (s *Service) team(ctx context.Context, actor kefu.Actor, id string) (*kefu.Team, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetTeam(ctx, actor.OrgID, id)
}

// CreateTeam creates a team (teams.manage); members must be agents of the organisation.
func (s *Service) CreateTeam(ctx context.Context, actor kefu.Actor, in TeamInput) (*kefu.Team, error) {
	if err := requirePerm(actor, kefu.PermTeamsManage); err != nil {
		return nil, err
	}
	t := &kefu.Team{OrgID: actor.OrgID}
	err := s.applyTeamPatch(ctx, t, TeamPatch{Name: &in.Name, Description: &in.Description, MemberIDs: &in.MemberIDs})
	if err != nil {
		return nil, err
	}
	t.ID = newID()
	if err := s.store.CreateTeam(s.within(ctx, actor, ActionTeamCreated, "team", t.ID, nil, auditFields(t)), t); err != nil {
		return nil, err
	}
	return t, nil
}

// UpdateTeam changes a team (teams.manage).
func (s *Service) UpdateTeam(ctx context.Context, actor kefu.Actor, id string, p TeamPatch) (*kefu.Team, error) {
	t, err := s.teamForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was := auditFields(t)
	before := t.MemberIDs
	if err := s.applyTeamPatch(ctx, t, p); err != nil {
		return nil, err
	}
	if err := s.store.UpdateTeam(s.within(ctx, actor, ActionTeamUpdated, "team", t.ID, was, auditFields(t)), t); err != nil {
		return nil, err
	}
	// Joining or leaving a team changes what a team-scoped agent sees.
	s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: t.OrgID, AgentIDs: symmetricDifference(before, t.MemberIDs)})
	return t, nil
}

// symmetricDifference returns the ids in exactly one of a and b.
func symmetricDifference(a, b []string) []string {
	count := map[string]int{}
	for _, id := range a {
		count[id]++
	}
	for _, id := range b {
		count[id]--
	}
	var out []string
	for id, n := range count {
		if n != 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// DeleteTeam deletes a team (teams.manage).
func (s *Service) DeleteTeam(ctx context.Context, actor kefu.Actor, id string) error {
	t, err := s.teamForAdmin(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := s.teamUnrouted(ctx, t); err != nil {
		return err
	}
	audited := s.within(ctx, actor, ActionTeamDeleted, "team", t.ID, map[string]any{"name": t.Name}, nil)
	if err := s.store.DeleteTeam(audited, t.OrgID, t.ID); err != nil {
		return err
	}
	s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: t.OrgID, AgentIDs: t.MemberIDs})
	return nil
}

// teamForAdmin loads a team the actor may change: not found outside the organisation,
// forbidden without teams.manage.
func (s *Service) teamForAdmin(ctx context.Context, actor kefu.Actor, id string) (*kefu.Team, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	t, err := s.team(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := requirePerm(actor, kefu.PermTeamsManage); err != nil {
		return nil, err
	}
	return t, nil
}

// applyTeamPatch validates p and applies it to t.
func (s *Service) applyTeamPatch(ctx context.Context, t *kefu.Team, p TeamPatch) error {
	var err error
	if p.Name != nil {
		if t.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return err
		}
	}
	if p.Description != nil {
		if t.Description, err = cleanText("description", *p.Description, maxDescriptionLen); err != nil {
			return err
		}
	}
	if p.MemberIDs != nil {
		if t.MemberIDs, err = s.cleanMembers(ctx, t.OrgID, "member_ids", *p.MemberIDs); err != nil {
			return err
		}
	}
	return nil
}

// cleanMembers checks that every id is an agent of the organisation and removes duplicates. The
// store checks it too, inside its transaction; checking here gives the caller a field error
// naming the bad id.
func (s *Service) cleanMembers(ctx context.Context, orgID, field string, ids []string) ([]string, error) {
	ids, err := cleanIDs(field, ids)
	if err != nil || len(ids) == 0 {
		return ids, err
	}
	agents, err := s.store.ListAgents(ctx, orgID)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(agents))
	for _, a := range agents {
		known[a.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return nil, kefu.FieldError(field, "%q is not an agent of this organisation", id)
		}
	}
	return ids, nil
}
