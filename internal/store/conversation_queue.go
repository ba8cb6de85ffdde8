package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListWaitingUnassigned returns the organisation's waiting queue: its open, unassigned
// conversations whose customer waits for a reply, longest waiting first, at most limit. The
// predicate is the partial index conversations_queue_idx's, written out literally so that both
// databases use the index (a bound parameter would not prove the index's condition).
func (s *Store) ListWaitingUnassigned(ctx context.Context, orgID string, limit int) ([]kefu.Conversation, error) {
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c
		WHERE c.org_id = ? AND c.assignee_id IS NULL AND c.status = 'open' AND c.waiting_since IS NOT NULL
		ORDER BY c.waiting_since, c.id LIMIT ?`, orgID, limit)
}
