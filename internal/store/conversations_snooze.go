package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ListDueSnoozed returns snoozed conversations of every organisation whose snooze ended at or
// before now, oldest first, at most limit: the housekeeper wakes them up.
func (s *Store) ListDueSnoozed(ctx context.Context, now time.Time, limit int) ([]kefu.Conversation, error) {
	return s.queryConversations(ctx, `SELECT `+conversationColumns+` FROM conversations c
		WHERE c.status = 'snoozed' AND c.snoozed_until IS NOT NULL AND c.snoozed_until <= ?
		ORDER BY c.snoozed_until, c.id LIMIT ?`, micros(now), limit)
}
