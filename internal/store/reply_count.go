package store

import (
	"context"
)

// RepliesSinceContact counts the replies of a conversation that went, or are going, to its
// platform since the contact last wrote: what a channel's per-window reply limit (WeCom's five)
// counts. A reply counts by its delivery record, which exactly the replies sent to a platform
// have (never notes, never a web conversation's); a failed delivery does not count, because
// the platform never accepted it. A conversation the contact never wrote in counts from its
// start.
func (s *Store) RepliesSinceContact(ctx context.Context, orgID, convID string) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM message_deliveries
		WHERE conversation_id = ? AND org_id = ? AND status <> 'failed' AND seq > COALESCE(
			(SELECT MAX(seq) FROM messages WHERE conversation_id = ? AND sender_type = 'contact' AND org_id = ?), 0)`,
		convID, orgID, convID, orgID).Scan(&n)
	return n, dbError(err)
}
