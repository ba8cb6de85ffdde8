package httpapi

import (
	"context"
)

type retryDeliveryInput struct {
	ID        string `path:"id" maxLength:"36"`
	MessageID string `path:"message_id" maxLength:"36"`
}

// retryDelivery sends a reply whose delivery to its channel failed again; it answers the
// message with its delivery back at sending. Only a failed delivery can be retried (409).
func (s *server) retryDelivery(ctx context.Context, in *retryDeliveryInput) (*messageOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Conversations.RetryDelivery(ctx, actor, in.ID, in.MessageID)
	if err != nil {
		return nil, err
	}
	out := &messageOutput{}
	out.Body.Message = *m
	return out, nil
}
