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

// canSee is the visibility rule: an agent of the organisation with a conversation view
// permission sees its conversations, narrowed by their team scope when the organisation has
// team scoping on; a visitor sees only their own in the inbox their token is for.
func canSee(actor kefu.Actor, c *kefu.Conversation) bool {
	if c.OrgID != actor.OrgID {
		return false
	}
	switch {
	case actor.IsAgent():
		return actor.SeesConversation(c.Ref())
	case actor.IsVisitor():
		return c.ContactID == actor.ContactID && c.InboxID == actor.InboxID
	}
	return false
}

// requireViewer fails unless actor is an agent who may see conversations at all. Anything that
// is not an agent gets "not found".
func requireViewer(actor kefu.Actor) error {
	if !actor.IsAgent() {
		return kefu.ErrNotFound
	}
	if !actor.Permissions().CanViewConversations() {
		return kefu.Errorf(kefu.CodeForbidden, "seeing conversations needs a conversations.view_* permission")
	}
	return nil
}

// requirePerm fails unless actor is an agent holding permission p.
func requirePerm(actor kefu.Actor, p kefu.Permission) error {
	if !actor.IsAgent() {
		return kefu.ErrNotFound
	}
	if !actor.Has(p) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
	}
	return nil
}

// mayWrite fails when an agent lacks conversations.reply; visitors write to their own
// conversations, which visibility decides.
func mayWrite(actor kefu.Actor) error {
	if actor.IsVisitor() {
		return nil
	}
	return requirePerm(actor, kefu.PermConversationsReply)
}
