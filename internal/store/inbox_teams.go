package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// replaceInboxTeams sets the teams an inbox is attached to; each must be a team of the
// organisation.
func replaceInboxTeams(t *Tx, orgID, inboxID string, teamIDs []string) error {
	if len(teamIDs) > 0 {
		var n int
		err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM teams WHERE org_id = ? AND id IN (`+placeholders(len(teamIDs))+`)`,
			anyArgs(teamIDs, orgID)...).Scan(&n)
		if err != nil {
			return kefu.Internal(err)
		}
		if n != len(teamIDs) {
			return kefu.FieldError("team_ids", "every team must be a team of this organisation")
		}
	}
	return replaceLinks(t, "inbox_teams", "inbox_id", "team_id", orgID, inboxID, teamIDs)
}

// loadInboxTeams maps inbox id to its attached team ids, for one inbox or ("") all of them.
func loadInboxTeams(ctx context.Context, c conn, orgID, inboxID string) (map[string][]string, error) {
	return loadLinks(ctx, c, "inbox_teams", "inbox_id", "team_id", orgID, inboxID)
}

// AgentTeamScope returns the teams an agent belongs to and the inboxes attached to those teams:
// what a team-scoped agent sees. One query, run only for team-scoped agents.
func (s *Store) AgentTeamScope(ctx context.Context, orgID, agentID string) (teamIDs, inboxIDs []string, err error) {
	rows, err := s.reader().query(ctx, `SELECT tm.team_id, COALESCE(it.inbox_id, '') FROM team_members tm
		LEFT JOIN inbox_teams it ON it.team_id = tm.team_id AND it.org_id = tm.org_id
		WHERE tm.org_id = ? AND tm.agent_id = ? ORDER BY tm.team_id, it.inbox_id`, orgID, agentID)
	if err != nil {
		return nil, nil, kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var team, inbox string
		if err := rows.Scan(&team, &inbox); err != nil {
			return nil, nil, kefu.Internal(err)
		}
		teamIDs = appendNew(teamIDs, team)
		inboxIDs = appendNew(inboxIDs, inbox)
	}
	return teamIDs, inboxIDs, dbError(rows.Err())
}

// appendNew appends id unless it is empty or already in ids.
func appendNew(ids []string, id string) []string {
	for _, have := range ids {
		if have == id {
			return ids
		}
	}
	if id == "" {
		return ids
	}
	return append(ids, id)
}
