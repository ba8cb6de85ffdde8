package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartRequest opens a new conversation from the widget, optionally with its first message.
type StartRequest struct {
	First *SendRequest // ConversationID is filled in
}

// StartForVisitor opens a conversation for the visitor in their inbox, posts the first message
// when given, and applies the first assignment rule when the organisation has it on.
func (s *Service) StartForVisitor(ctx context.Context, actor kefu.Actor, req StartRequest) (*kefu.Conversation, *kefu.Message, error) {
	if !actor.IsVisitor() {
		return nil, nil, kefu.ErrNotFound
	}
	if req.First != nil {
		if err := validateSend(req.First); err != nil {
			return nil, nil, err
		}
	}
	org, err := s.store.GetOrg(ctx, actor.OrgID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.store.CreateConversation(ctx, &kefu.Conversation{
		OrgID: actor.OrgID, InboxID: actor.InboxID, ContactID: actor.ContactID,
		Status: kefu.StatusOpen, Priority: kefu.PriorityNone,
	})
	if err != nil {
		return nil, nil, err
	}
	var first *kefu.Message
	if req.First != nil {
		req.First.ConversationID = c.ID
		if first, _, err = s.Send(ctx, actor, *req.First); err != nil {
			return c, nil, err
		}
	}
	if org.Settings.AutoAssign {
		if c, err = s.AutoAssign(ctx, c); err != nil {
			s.log.WarnContext(ctx, "auto-assign failed", "conversation_id", c.ID, "err", err)
		}
	}
	latest, err := s.store.GetConversation(ctx, c.OrgID, c.ID)
	if err != nil {
		return c, first, nil // created and committed; the fresh read is only a nicety
	}
	return latest, first, nil
}
