package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// CurrentConversation returns the conversation a contact's next message on a channel without
// conversation ids (email, Telegram, WeChat) belongs to: their most recently active one in the
// inbox that is not resolved. A snoozed or pending one counts, and the message wakes it. When
// every one is resolved, or there is none, it is not found and the caller starts a new one, so
// a customer who comes back after a resolution gets a fresh conversation, routing and rating.
//
// The actor is the contact acting in the inbox (a visitor actor, whatever the channel).
func (s *Service) CurrentConversation(ctx context.Context, actor kefu.Actor) (*kefu.Conversation, error) {
	if !actor.IsVisitor() || !kefu.ValidID(actor.InboxID) {
		return nil, kefu.ErrNotFound
	}
	convs, err := s.store.ListContactConversations(ctx, actor.OrgID, actor.ContactID, actor.InboxID)
	if err != nil {
		return nil, err
	}
	for i := range convs { // most recently active first
		if convs[i].Status != kefu.StatusResolved {
			return &convs[i], nil
		}
	}
	return nil, kefu.ErrNotFound
}
