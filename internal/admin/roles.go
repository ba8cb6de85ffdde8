package admin

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RoleInput creates a custom role. Permissions are catalogue names, e.g. "conversations.reply".
type RoleInput struct {
	Name        string
	Description string
	Permissions []string
}

// RolePatch changes a custom role; nil fields stay as they are. Permissions replace the set.
type RolePatch struct {
	Name        *string
	Description *string
	Permissions *[]string
}

// PermissionInfo describes one catalogue entry: its API name and the group the workspace shows
// it under (the part before the dot).
type PermissionInfo struct {
	Name  string
	Group string
}

// Permissions returns the permission catalogue, in catalogue order. Every agent may read it: the
// workspace shows and hides by it.
func (s *Service) Permissions(_ context.Context, actor kefu.Actor) ([]PermissionInfo, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	all := kefu.AllPermissions()
	out := make([]PermissionInfo, len(all))
	for i, p := range all {
		group, _, _ := strings.Cut(p.String(), ".")
		out[i] = PermissionInfo{Name: p.String(), Group: group}
	}
	return out, nil
}

// ListCustomRoles returns the organisation's custom roles (roles.manage).
func (s *Service) ListCustomRoles(ctx context.Context, actor kefu.Actor) ([]kefu.CustomRole, error) {
	if err := requirePerm(actor, kefu.PermRolesManage); err != nil {
		return nil, err
	}
	return s.store.ListCustomRoles(ctx, actor.OrgID)
}

// GetCustomRole returns a custom role of the organisation (roles.manage). Another
// organisation's role is not found, whoever asks.
func (s *Service) GetCustomRole(ctx context.Context, actor kefu.Actor, id string) (*kefu.CustomRole, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	r, err := s.customRole(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := requirePerm(actor, kefu.PermRolesManage); err != nil {
		return nil, err
	}
	return r, nil
}

// customRole loads a role of the actor's organisation; anything else is not found.
func (s *Service) customRole(ctx context.Context, actor kefu.Actor, id string) (*kefu.CustomRole, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetCustomRole(ctx, actor.OrgID, id)
}

// CreateCustomRole defines a role (roles.manage) holding only permissions the actor holds.
func (s *Service) CreateCustomRole(ctx context.Context, actor kefu.Actor, in RoleInput) (*kefu.CustomRole, error) {
	if err := requirePerm(actor, kefu.PermRolesManage); err != nil {
		return nil, err
	}
	r := &kefu.CustomRole{OrgID: actor.OrgID}
	p := RolePatch{Name: &in.Name, Description: &in.Description, Permissions: &in.Permissions}
	if err := applyRolePatch(actor, r, p); err != nil {
		return nil, err
	}
	r.ID = newID()
	if err := s.store.CreateCustomRole(s.within(ctx, actor, ActionRoleCreated, "role", r.ID, nil, roleFields(r)), r); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "role created", "org_id", r.OrgID, "role_id", r.ID, "perms", r.Perms.Names(), "by", actor.AgentID)
	return r, nil
}

// UpdateCustomRole changes a role (roles.manage). The actor must hold every permission the role
// has and will have, so nobody widens or narrows a role above them. Its agents' permissions
// change at once: PermissionsChanged hears of them.
func (s *Service) UpdateCustomRole(ctx context.Context, actor kefu.Actor, id string, p RolePatch) (*kefu.CustomRole, error) {
	r, err := s.roleForManager(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	before, was := r.Perms, roleFields(r)
	if err := applyRolePatch(actor, r, p); err != nil {
		return nil, err
	}
	if err := s.store.UpdateCustomRole(s.within(ctx, actor, ActionRoleUpdated, "role", r.ID, was, roleFields(r)), r); err != nil {
		return nil, err
	}
	if r.Perms != before {
		s.roleHoldersChanged(ctx, r)
	}
	s.log.InfoContext(ctx, "role updated", "org_id", r.OrgID, "role_id", r.ID, "perms", r.Perms.Names(), "by", actor.AgentID)
	return r, nil
}

// DeleteCustomRole deletes a role no agent holds (roles.manage); one in use is a conflict.
func (s *Service) DeleteCustomRole(ctx context.Context, actor kefu.Actor, id string) error {
	r, err := s.roleForManager(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteCustomRole(s.within(ctx, actor, ActionRoleDeleted, "role", r.ID, roleFields(r), nil), r.OrgID, r.ID); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "role deleted", "org_id", r.OrgID, "role_id", r.ID, "by", actor.AgentID)
	return nil
}

// roleForManager loads a role the actor may change: not found outside the organisation (the
// same answer for everyone, as for other objects), forbidden without roles.manage and every
// permission it holds.
func (s *Service) roleForManager(ctx context.Context, actor kefu.Actor, id string) (*kefu.CustomRole, error) {
	r, err := s.GetCustomRole(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := requireGrant(actor, r.Perms, "change this role"); err != nil {
		return nil, err
	}
	return r, nil
}

// applyRolePatch validates p and applies it to r.
func applyRolePatch(actor kefu.Actor, r *kefu.CustomRole, p RolePatch) error {
	var err error
	if p.Name != nil {
		if r.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return err
		}
	}
	if p.Description != nil {
		if r.Description, err = cleanText("description", *p.Description, maxDescriptionLen); err != nil {
			return err
		}
	}
	if p.Permissions != nil {
		if r.Perms, err = parsePermissions("permissions", *p.Permissions); err != nil {
			return err
		}
		return requireGrant(actor, r.Perms, "grant these permissions")
	}
	return nil
}

// parsePermissions turns catalogue names into a set; an unknown name is an input error.
func parsePermissions(field string, names []string) (kefu.PermSet, error) {
	var set kefu.PermSet
	for _, n := range names {
		p, ok := kefu.ParsePermission(n)
		if !ok {
			return 0, kefu.FieldError(field, "unknown permission %q", n)
		}
		set |= kefu.Perms(p)
	}
	return set, nil
}

// roleHoldersChanged reports that every holder of r has new permissions.
func (s *Service) roleHoldersChanged(ctx context.Context, r *kefu.CustomRole) {
	ids, err := s.store.CustomRoleAgents(ctx, r.OrgID, r.ID)
	if err != nil {
		s.log.WarnContext(ctx, "list role holders", "role_id", r.ID, "err", err)
		return
	}
	s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: r.OrgID, AgentIDs: ids})
}

// permissionsChanged tells Options.PermissionsChanged, if set, whose permissions or
// conversation scope just changed: the hook by which their open connections are closed or
// re-authorised. A change with no agents is not reported.
func (s *Service) permissionsChanged(ctx context.Context, ch kefu.PermissionsChange) {
	if s.onPermsChange == nil || (len(ch.AgentIDs) == 0 && !ch.All) {
		return
	}
	s.onPermsChange(ctx, ch)
}
