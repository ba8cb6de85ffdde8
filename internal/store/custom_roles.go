package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const customRoleColumns = `id, org_id, name, description, permissions, created_at, updated_at`

func scanCustomRole(row scanner) (*kefu.CustomRole, error) {
	var (
		r                kefu.CustomRole
		perms            int64
		created, updated int64
	)
	if err := row.Scan(&r.ID, &r.OrgID, &r.Name, &r.Description, &perms, &created, &updated); err != nil {
		return nil, dbError(err)
	}
	r.Perms, r.CreatedAt, r.UpdatedAt = kefu.PermSet(perms), fromMicros(created), fromMicros(updated)
	return &r, nil
}

func customRoleConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "a role with this name already exists")
	}
	return dbError(err)
}

// CreateCustomRole creates an organisation's custom role.
func (s *Store) CreateCustomRole(ctx context.Context, r *kefu.CustomRole) error {
	c := *r
	now := s.now()
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt, c.UpdatedAt = orNow(c.CreatedAt, now), orNow(c.UpdatedAt, now)
	err := s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO custom_roles (`+customRoleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.Name, c.Description, int64(c.Perms), micros(c.CreatedAt), micros(c.UpdatedAt))
		if isForeignKeyViolation(err) {
			return kefu.ErrNotFound
		}
		return customRoleConflict(err)
	})
	if err != nil {
		return err
	}
	*r = c
	return nil
}

// GetCustomRole returns a custom role of the organisation.
func (s *Store) GetCustomRole(ctx context.Context, orgID, id string) (*kefu.CustomRole, error) {
	return scanCustomRole(s.reader().queryRow(ctx,
		`SELECT `+customRoleColumns+` FROM custom_roles WHERE org_id = ? AND id = ?`, orgID, id))
}

// ListCustomRoles returns the organisation's custom roles ordered by name.
func (s *Store) ListCustomRoles(ctx context.Context, orgID string) ([]kefu.CustomRole, error) {
	rows, err := s.reader().query(ctx, `SELECT `+customRoleColumns+` FROM custom_roles WHERE org_id = ?
		ORDER BY name, id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	roles := []kefu.CustomRole{}
	for rows.Next() {
		r, err := scanCustomRole(rows)
		if err != nil {
			return nil, err
		}
		roles = append(roles, *r)
	}
	return roles, dbError(rows.Err())
}

// UpdateCustomRole saves a role's name, description and permissions. Its agents' next request
// authenticates with the new set: authentication reads the role with the agent.
func (s *Store) UpdateCustomRole(ctx context.Context, r *kefu.CustomRole) error {
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`UPDATE custom_roles SET name = ?, description = ?, permissions = ?, updated_at = ?
			WHERE org_id = ? AND id = ?`, r.Name, r.Description, int64(r.Perms), micros(now), r.OrgID, r.ID)
		if err != nil {
			return customRoleConflict(err)
		}
		return mustAffect(res, nil)
	})
	if err != nil {
		return err
	}
	r.UpdatedAt = now
	return nil
}

// DeleteCustomRole deletes a role no agent and no live API token holds; revoked tokens let go
// of it. The checks and the delete share the writer's transaction, so nobody can be given the
// role in between.
func (s *Store) DeleteCustomRole(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		var agents, tokens int
		err := t.c.queryRow(t.ctx, `SELECT
			(SELECT COUNT(*) FROM agents WHERE org_id = ? AND custom_role_id = ?),
			(SELECT COUNT(*) FROM api_tokens WHERE org_id = ? AND custom_role_id = ? AND revoked_at IS NULL)`,
			orgID, id, orgID, id).Scan(&agents, &tokens)
		if err != nil {
			return kefu.Internal(err)
		}
		if agents+tokens > 0 {
			return kefu.Errorf(kefu.CodeConflict,
				"the role is held by %d agent(s) and %d API token(s); give them another role or revoke them first", agents, tokens)
		}
		if _, err := t.exec(`UPDATE api_tokens SET custom_role_id = NULL WHERE org_id = ? AND custom_role_id = ?`, orgID, id); err != nil {
			return dbError(err)
		}
		return mustAffect(t.exec(`DELETE FROM custom_roles WHERE org_id = ? AND id = ?`, orgID, id))
	})
}

// CustomRoleAgents returns the ids of the agents holding a custom role, whose permissions
// change with it.
func (s *Store) CustomRoleAgents(ctx context.Context, orgID, id string) ([]string, error) {
	rows, err := s.reader().query(ctx, `SELECT id FROM agents WHERE org_id = ? AND custom_role_id = ? ORDER BY id`,
		orgID, id)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var agentID string
		if err := rows.Scan(&agentID); err != nil {
			return nil, kefu.Internal(err)
		}
		ids = append(ids, agentID)
	}
	return ids, dbError(rows.Err())
}
