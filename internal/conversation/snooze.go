package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// wakeBatch bounds one pass of WakeSnoozed; the next pass takes the rest.
const wakeBatch = 200

// WakeSnoozed reopens snoozed conversations whose snooze has ended, so they come back to the
// agents' open views. It returns how many it woke.
func (s *Service) WakeSnoozed(ctx context.Context, now time.Time) (int, error) {
	due, err := s.store.ListDueSnoozed(ctx, now, wakeBatch)
	if err != nil {
		return 0, err
	}
	woken := 0
	for _, c := range due {
		_, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			if c.Status != kefu.StatusSnoozed || c.SnoozedUntil == nil || c.SnoozedUntil.After(now) {
				return nil, nil // someone changed it meanwhile
			}
			c.Status, c.SnoozedUntil = kefu.StatusOpen, nil
			return activity{Action: "snooze_ended", Status: string(kefu.StatusOpen)}.message(c), nil
		})
		if err != nil {
			return woken, err
		}
		woken++
	}
	return woken, nil
}
