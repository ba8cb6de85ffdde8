package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RetryDelivery sends a reply whose delivery failed again: it is sending once more, with its
// attempts and give-up time counted afresh. It takes what sending in the conversation takes;
// a delivery that is not failed (or a message without one) is a conflict.
func (s *Service) RetryDelivery(ctx context.Context, actor kefu.Actor, convID, messageID string) (*kefu.Message, error) {
	if !actor.IsAgent() || !kefu.ValidID(messageID) {
		return nil, kefu.ErrNotFound
	}
	if err := mayWrite(actor); err != nil {
		return nil, err
	}
	c, err := s.visible(ctx, actor, convID)
	if err != nil {
		return nil, err
	}
	m, err := s.store.RetryDelivery(ctx, c.OrgID, c.ID, messageID)
	if kefu.IsNotFound(err) {
		return nil, kefu.Errorf(kefu.CodeConflict, "this message has no delivery to retry")
	}
	return m, err
}
