package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// queueWhere is the predicate of the partial index conversations_routing_queue_idx, written
// out literally so that both databases use the index (a bound parameter would not prove the
// index's condition): open, unassigned, the customer waits, not an offline message.
const queueWhere = `c.assignee_id IS NULL AND c.status = 'open' AND c.waiting_since IS NOT NULL AND c.follow_up = FALSE`

// queueOrder is the queue's order: higher priority first, then who joined it first.
const queueOrder = `c.priority_rank DESC, COALESCE(c.queued_at, c.waiting_since), c.id`

// ListQueue returns the organisation's waiting queue in the order it is served: open,
// unassigned conversations whose customer waits (offline messages aside), higher priority
// first, then by when each joined the queue, at most limit.
func (s *Store) ListQueue(ctx context.Context, orgID string, limit int) ([]kefu.Conversation, error) {
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c
		WHERE c.org_id = ? AND `+queueWhere+` ORDER BY `+queueOrder+` LIMIT ?`, orgID, limit)
}

// ListWaitingUnassigned is ListQueue under its older name.
func (s *Store) ListWaitingUnassigned(ctx context.Context, orgID string, limit int) ([]kefu.Conversation, error) {
	return s.ListQueue(ctx, orgID, limit)
}

// QueueAhead counts the conversations of c's inbox served before c in the queue.
func (s *Store) QueueAhead(ctx context.Context, c *kefu.Conversation) (int, error) {
	rank, at := c.Priority.Rank(), micros(c.QueueTime())
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM conversations c WHERE c.org_id = ? AND `+queueWhere+`
		AND c.inbox_id = ? AND c.id <> ? AND (c.priority_rank > ? OR (c.priority_rank = ?
		AND (COALESCE(c.queued_at, c.waiting_since) < ? OR (COALESCE(c.queued_at, c.waiting_since) = ? AND c.id < ?))))`,
		c.OrgID, c.InboxID, c.ID, rank, rank, at, at, c.ID).Scan(&n)
	return n, dbError(err)
}

// LastAssignee returns who was assignee of the contact's most recent other conversation
// updated since since: the agent a sticky target prefers. "" when there is none.
func (s *Store) LastAssignee(ctx context.Context, orgID, contactID, exceptConvID string, since time.Time) (string, error) {
	var id sql.NullString
	err := s.reader().queryRow(ctx, `SELECT assignee_id FROM conversations WHERE contact_id = ? AND org_id = ?
		AND id <> ? AND assignee_id IS NOT NULL AND updated_at >= ? ORDER BY updated_at DESC LIMIT 1`,
		contactID, orgID, exceptConvID, micros(since)).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id.String, dbError(err)
}

// QueueDepartures measures how fast the inbox's queue moved since since: how many
// conversations that had waited in it were assigned, and the time between the first and the
// last of those assignments.
func (s *Store) QueueDepartures(ctx context.Context, orgID, inboxID string, since time.Time) (int, time.Duration, error) {
	var (
		n          int
		first, end sql.NullInt64
	)
	err := s.reader().queryRow(ctx, `SELECT COUNT(*), MIN(d.created_at), MAX(d.created_at) FROM routing_decisions d
		JOIN conversations c ON c.id = d.conversation_id
		WHERE d.org_id = ? AND d.kind = 'assigned' AND d.created_at >= ? AND c.inbox_id = ?
		AND EXISTS (SELECT 1 FROM routing_decisions q WHERE q.conversation_id = d.conversation_id
			AND q.kind IN ('queued', 'requeued') AND q.created_at <= d.created_at)`,
		orgID, micros(since), inboxID).Scan(&n, &first, &end)
	if err != nil || n == 0 {
		return 0, 0, dbError(err)
	}
	return n, time.Duration(end.Int64-first.Int64) * time.Microsecond, nil
}

// MeanHandlingTime is the mean time from assignment (or creation) to resolution of the inbox's
// conversations resolved since since, and how many there were.
func (s *Store) MeanHandlingTime(ctx context.Context, orgID, inboxID string, since time.Time) (time.Duration, int, error) {
	var (
		n    int
		mean sql.NullFloat64
	)
	err := s.reader().queryRow(ctx, `SELECT COUNT(*), AVG(updated_at - COALESCE(assigned_at, created_at))
		FROM conversations WHERE org_id = ? AND inbox_id = ? AND status = 'resolved' AND updated_at >= ?`,
		orgID, inboxID, micros(since)).Scan(&n, &mean)
	if err != nil || n == 0 {
		return 0, 0, dbError(err)
	}
	return time.Duration(mean.Float64) * time.Microsecond, n, nil
}
