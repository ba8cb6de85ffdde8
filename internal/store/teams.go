package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const teamColumns = `id, org_id, name, description, created_at, updated_at`

func scanTeam(row scanner) (*kefu.Team, error) {
	var (
		tm               kefu.Team
		created, updated int64
	)
	if err := row.Scan(&tm.ID, &tm.OrgID, &tm.Name, &tm.Description, &created, &updated); err != nil {
		return nil, dbError(err)
	}
	tm.CreatedAt, tm.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &tm, nil
}

func teamConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "a team with this name already exists")
	}
	return dbError(err)
}

// CreateTeam creates a team with its members, who must be agents of the same organisation.
func (s *Store) CreateTeam(ctx context.Context, tm *kefu.Team) error {
	c := *tm
	now := s.now()
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt, c.UpdatedAt = orNow(c.CreatedAt, now), orNow(c.UpdatedAt, now)
	c.MemberIDs = uniqueIDs(c.MemberIDs)
	err := s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO teams (`+teamColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.Name, c.Description, micros(c.CreatedAt), micros(c.UpdatedAt))
		if err != nil {
			return teamConflict(err)
		}
		return replaceMembers(t, "team_members", "team_id", c.OrgID, c.ID, c.MemberIDs)
	})
	if err != nil {
		return err
	}
	*tm = c
	return nil
}

// GetTeam returns a team of the organisation with its members.
func (s *Store) GetTeam(ctx context.Context, orgID, id string) (*kefu.Team, error) {
	tm, err := scanTeam(s.reader().queryRow(ctx, `SELECT `+teamColumns+` FROM teams WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return nil, err
	}
	members, err := loadMembers(ctx, s.reader(), "team_members", "team_id", orgID, id)
	if err != nil {
		return nil, err
	}
	tm.MemberIDs = membersOf(members, id)
	return tm, nil
}

// ListTeams returns the organisation's teams ordered by name, with members.
func (s *Store) ListTeams(ctx context.Context, orgID string) ([]kefu.Team, error) {
	rows, err := s.reader().query(ctx, `SELECT `+teamColumns+` FROM teams WHERE org_id = ? ORDER BY name, id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	teams := []kefu.Team{}
	for rows.Next() {
		tm, err := scanTeam(rows)
		if err != nil {
			return nil, err
		}
		teams = append(teams, *tm)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	members, err := loadMembers(ctx, s.reader(), "team_members", "team_id", orgID, "")
	if err != nil {
		return nil, err
	}
	for i := range teams {
		teams[i].MemberIDs = membersOf(members, teams[i].ID)
	}
	return teams, nil
}

// UpdateTeam saves a team's name and description and replaces its members.
func (s *Store) UpdateTeam(ctx context.Context, tm *kefu.Team) error {
	now := s.now()
	ids := uniqueIDs(tm.MemberIDs)
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`UPDATE teams SET name = ?, description = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
			tm.Name, tm.Description, micros(now), tm.OrgID, tm.ID)
		if err != nil {
			return teamConflict(err)
		}
		if err := mustAffect(res, nil); err != nil {
			return err
		}
		return replaceMembers(t, "team_members", "team_id", tm.OrgID, tm.ID, ids)
	})
	if err != nil {
		return err
	}
	tm.MemberIDs, tm.UpdatedAt = ids, now
	return nil
}

// DeleteTeam deletes a team; its conversations keep their assignee and lose the team.
func (s *Store) DeleteTeam(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`DELETE FROM teams WHERE org_id = ? AND id = ?`, orgID, id))
	})
}
