package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// visible loads a conversation and returns it only if actor may see it. Everything else — a
// missing row, another organisation's, another visitor's — is the same kefu.ErrNotFound, so
// probing ids teaches a caller nothing.
func (s *Service) visible(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error) {
	if !kefu.ValidID(id) || actor.OrgID == "" {
		return nil, kefu.ErrNotFound
	}
	c, err := s.store.GetConversation(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if !canSee(actor, c) {
		return nil, kefu.ErrNotFound
	}
	return c, nil
}

// canSee is the visibility rule: every agent of the organisation sees its conversations; a
// visitor sees only their own in the inbox their token is for.
func canSee(actor kefu.Actor, c *kefu.Conversation) bool {
	if c.OrgID != actor.OrgID {
		return false
	}
	switch {
	case actor.IsAgent():
		return true
	case actor.IsVisitor():
		return c.ContactID == actor.ContactID && c.InboxID == actor.InboxID
	}
	return false
}

// requireAgent fails unless actor is an agent of at least role min.
func requireAgent(actor kefu.Actor, min kefu.Role) error {
	if !actor.IsAgent() {
		return kefu.ErrNotFound
	}
	if !actor.Role.AtLeast(min) {
		return kefu.Errorf(kefu.CodeForbidden, "your role may not do this")
	}
	return nil
}
