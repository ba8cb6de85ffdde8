package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ChatInvite is an agent starting a conversation with a visitor on the site (a proactive
// invitation): the visitor's contact and inbox, and the agent's first message.
type ChatInvite struct {
	ContactID string
	InboxID   string
	First     kefu.SendRequest // its ConversationID is ignored
}

// StartWithVisitor opens a conversation for the visitor in the inbox, assigned to the agent,
// with the agent's message as its first, in one transaction: the same durable append as a
// reply, and exactly once per client message id (a retry returns the conversation the first
// attempt started, Duplicate set). It fails with conflict when the visitor already has an
// open conversation there. The caller has checked that the contact is a visitor of the inbox.
func (s *Service) StartWithVisitor(ctx context.Context, actor kefu.Actor, inv ChatInvite) (*Started, error) {
	if !actor.IsAgent() || !kefu.ValidID(inv.ContactID) || !kefu.ValidID(inv.InboxID) || !actor.SeesVisitors(inv.InboxID) {
		return nil, kefu.ErrNotFound
	}
	if err := requirePerm(actor, kefu.PermConversationsReply); err != nil {
		return nil, err
	}
	first, err := s.agentFirst(ctx, actor, inv)
	if err != nil {
		return nil, err
	}
	c, m, dup, err := s.store.StartAgentConversation(ctx, &kefu.Conversation{
		OrgID: actor.OrgID, InboxID: inv.InboxID, ContactID: inv.ContactID, AssigneeID: actor.AgentID,
		Status: kefu.StatusOpen, Priority: kefu.PriorityNone,
	}, first)
	if err != nil {
		return nil, err
	}
	return &Started{Conversation: c, First: m, Duplicate: dup}, nil
}

// agentFirst validates the invitation's message, which must be text with a client id, and
// masks it as the inbox's policy says.
func (s *Service) agentFirst(ctx context.Context, actor kefu.Actor, inv ChatInvite) (*kefu.Message, error) {
	if inv.First.Kind != "" && inv.First.Kind != kefu.KindText {
		return nil, kefu.FieldError("kind", "an invitation is a text message")
	}
	if inv.First.ClientMsgID == "" {
		return nil, kefu.FieldError("client_msg_id", "an invitation needs a client message id, so that a retry starts nothing new")
	}
	m, err := firstMessage(actor, &inv.First)
	if err != nil {
		return nil, err
	}
	return m, s.maskInboxFirst(ctx, actor.OrgID, inv.InboxID, m)
}
