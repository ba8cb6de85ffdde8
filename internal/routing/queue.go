package routing

import (
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// QueueEntry is a conversation waiting for an agent, as the queue orders it.
type QueueEntry struct {
	ConversationID string
	Priority       kefu.Priority
	QueuedAt       time.Time // when it entered the queue (start, or re-queue)
}

// Less orders the queue: higher priority first, then earlier arrival (FIFO), then id so that
// the order is total and every node drains the same way.
func Less(a, b QueueEntry) bool {
	if ra, rb := a.Priority.Rank(), b.Priority.Rank(); ra != rb {
		return ra > rb
	}
	if !a.QueuedAt.Equal(b.QueuedAt) {
		return a.QueuedAt.Before(b.QueuedAt)
	}
	return a.ConversationID < b.ConversationID
}
