package visitor

import (
	"context"
	"errors"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartChat starts a conversation with a visitor of the agent's organisation who has visited
// through the inbox (a proactive invitation): assigned to the agent, with their message first,
// exactly once per client message id. A contact of another organisation or one who never
// used the inbox's widget is not found. The visitor's widget, connected, receives the new
// conversation over realtime and opens it.
func (s *Service) StartChat(ctx context.Context, actor kefu.Actor, inv conversation.ChatInvite) (*conversation.Started, error) {
	if !actor.IsAgent() {
		return nil, kefu.ErrNotFound
	}
	for _, p := range []kefu.Permission{kefu.PermContactsView, kefu.PermConversationsReply} {
		if !actor.Has(p) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
		}
	}
	if !kefu.ValidID(inv.ContactID) || !kefu.ValidID(inv.InboxID) || !actor.SeesVisitors(inv.InboxID) {
		return nil, kefu.ErrNotFound
	}
	k := kefu.VisitKey{OrgID: actor.OrgID, ContactID: inv.ContactID, InboxID: inv.InboxID}
	if _, err := s.store.GetVisit(ctx, k); err != nil {
		return nil, err
	}
	if s.starter == nil {
		return nil, kefu.Internal(errors.New("visitor: no conversation starter wired"))
	}
	st, err := s.starter.StartWithVisitor(ctx, actor, inv)
	if err != nil {
		return nil, err
	}
	s.conversationStarted(k, st.Conversation.ID)
	return st, nil
}

// conversationStarted shows the new conversation on the live visitor and tells the agents.
func (s *Service) conversationStarted(k kefu.VisitKey, convID string) {
	s.mu.Lock()
	e := s.live[k]
	if e == nil {
		s.mu.Unlock()
		return
	}
	e.view.OpenConvID = convID
	view := e.view
	s.mu.Unlock()
	s.publish(k.OrgID, kefu.EventVisitorUpdated, view)
}
