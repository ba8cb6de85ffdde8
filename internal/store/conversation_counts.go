package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ActiveConversationCounts groups an organisation's active (open or pending) conversations by
// their scope fields: one cheap query (the (org_id, status) index) from which every agent's
// view counts are summed, instead of three counts per agent.
func (s *Store) ActiveConversationCounts(ctx context.Context, orgID string) ([]kefu.ActiveCount, error) {
	rows, err := s.reader().query(ctx, `SELECT c.inbox_id, COALESCE(c.team_id, ''), COALESCE(c.assignee_id, ''), COUNT(*)
		FROM conversations c WHERE c.org_id = ? AND c.status IN ('open', 'pending')
		GROUP BY c.inbox_id, c.team_id, c.assignee_id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []kefu.ActiveCount
	for rows.Next() {
		var g kefu.ActiveCount
		if err := rows.Scan(&g.Ref.InboxID, &g.Ref.TeamID, &g.Ref.AssigneeID, &g.N); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	return out, nil
}
