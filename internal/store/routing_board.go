package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListBoardConversations returns what the supervisor board shows of an organisation: the
// waiting queue (open, unassigned, the customer waiting, not an offline message; in queue order) and every open or pending assigned
// conversation, each with its contact's name and number, at most limit rows, the queue first.
// The two halves are separate queries so each uses its own index (the queue's partial index,
// and the assignee's), instead of one OR that would scan.
func (s *Store) ListBoardConversations(ctx context.Context, orgID string, limit int) ([]kefu.Conversation, error) {
	waiting, err := s.queryBoard(ctx, `c.assignee_id IS NULL AND c.status = 'open' AND c.waiting_since IS NOT NULL
		AND c.follow_up = FALSE ORDER BY c.priority_rank DESC, COALESCE(c.queued_at, c.waiting_since), c.id`, orgID, limit)
	if err != nil || len(waiting) >= limit {
		return waiting, err
	}
	assigned, err := s.queryBoard(ctx, `c.assignee_id IS NOT NULL AND c.status IN ('open', 'pending')
		ORDER BY c.assignee_id, c.last_activity_at DESC, c.id`, orgID, limit-len(waiting))
	return append(waiting, assigned...), err
}

// queryBoard selects conversations of the organisation matching where (which ends with the
// ORDER BY), with the contact summary.
func (s *Store) queryBoard(ctx context.Context, where, orgID string, limit int) ([]kefu.Conversation, error) {
	return s.queryConversationsWith(ctx, func(row scanner) (*kefu.Conversation, error) {
		var name, email sql.NullString
		var number sql.NullInt64
		c, err := scanConversation(row, &name, &email, &number)
		if err == nil {
			c.Contact = &kefu.ContactSummary{Name: name.String, Email: email.String, Number: number.Int64}
		}
		return c, err
	}, `SELECT `+conversationColumns+`, lc.name, lc.email, lc.number FROM conversations c
		LEFT JOIN contacts lc ON lc.id = c.contact_id
		WHERE c.org_id = ? AND `+where+` LIMIT ?`, orgID, limit)
}
