package conversation

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Filter selects conversations for the agent inbox views.
type Filter struct {
	Statuses []kefu.Status
	Assignee string // "" any, "me", "none", or an agent id
	TeamID   string
	InboxID  string
	Label    string
	Search   string
	Sort     kefu.ConversationSort
	Cursor   string
	Limit    int
}

// Page is one page of conversations and the cursor of the next ("" at the end).
type Page struct {
	Conversations []kefu.Conversation
	NextCursor    string
}

// List returns conversations for an agent.
func (s *Service) List(ctx context.Context, actor kefu.Actor, f Filter) (*Page, error) {
	if err := requireViewer(actor); err != nil {
		return nil, err
	}
	sf, err := storeFilter(actor, f)
	if err != nil {
		return nil, err
	}
	convs, next, err := s.store.ListConversations(ctx, actor.OrgID, sf)
	if err != nil {
		return nil, err
	}
	if err := s.maskListing(ctx, actor.OrgID, convs); err != nil {
		return nil, err
	}
	return &Page{Conversations: convs, NextCursor: next}, nil
}

// Count returns how many conversations match f (cursor and limit ignored).
func (s *Service) Count(ctx context.Context, actor kefu.Actor, f Filter) (int, error) {
	if err := requireViewer(actor); err != nil {
		return 0, err
	}
	sf, err := storeFilter(actor, f)
	if err != nil {
		return 0, err
	}
	return s.store.CountConversations(ctx, actor.OrgID, sf)
}

func storeFilter(actor kefu.Actor, f Filter) (kefu.ConversationFilter, error) {
	sf := kefu.ConversationFilter{
		Statuses: f.Statuses, TeamID: f.TeamID, InboxID: f.InboxID, Label: f.Label,
		Search: f.Search, Sort: f.Sort, Cursor: f.Cursor, Limit: f.Limit, Scope: actor.Scope,
		ReaderID: actor.AgentID,
	}
	for _, st := range f.Statuses {
		if !st.Valid() {
			return sf, kefu.FieldError("status", "unknown status %q", st)
		}
	}
	switch f.Assignee {
	case "":
	case "me":
		sf.AssigneeID = actor.AgentID
	case "none":
		sf.Unassigned = true
	default:
		if !kefu.ValidID(f.Assignee) {
			return sf, kefu.FieldError("assignee", "assignee must be me, none or an agent id")
		}
		sf.AssigneeID = f.Assignee
	}
	for field, id := range map[string]string{"team_id": f.TeamID, "inbox_id": f.InboxID} {
		if id != "" && !kefu.ValidID(id) {
			return sf, kefu.FieldError(field, "%s is not a valid id", field)
		}
	}
	return sf, nil
}

// Messages returns a window of a conversation's messages. Visitors never see private ones.
func (s *Service) Messages(ctx context.Context, actor kefu.Actor, id string, q kefu.MessageQuery) ([]kefu.Message, error) {
	if err := s.mayReadMessages(ctx, actor, id); err != nil {
		return nil, err
	}
	if q.AfterSeq < 0 || q.BeforeSeq < 0 {
		return nil, kefu.FieldError("after", "sequence numbers are never negative")
	}
	if actor.IsVisitor() {
		q.ExcludePrivate = true
	}
	msgs, err := s.store.ListMessages(ctx, actor.OrgID, id, q)
	if err != nil || actor.IsVisitor() {
		return msgs, err
	}
	if err := s.store.FillDeliveries(ctx, actor.OrgID, id, msgs); err != nil {
		return nil, err
	}
	return msgs, s.maskMessagesForAgents(ctx, actor.OrgID, id, msgs)
}

// mayReadMessages is visible without its read where the store's query decides the same: an
// unscoped agent with a view permission sees every conversation of the organisation, and
// ListMessages, scoped to actor.OrgID, answers not found for any other. A visitor's or a
// team-scoped agent's conversation is checked first.
func (s *Service) mayReadMessages(ctx context.Context, actor kefu.Actor, id string) error {
	if actor.IsAgent() && actor.Scope == nil && actor.Permissions().CanViewConversations() {
		if !kefu.ValidID(id) || actor.OrgID == "" {
			return kefu.ErrNotFound
		}
		return nil
	}
	_, err := s.visible(ctx, actor, id)
	return err
}

// VisitorConversations returns the visitor's own conversations in their inbox, newest first.
func (s *Service) VisitorConversations(ctx context.Context, actor kefu.Actor) ([]kefu.Conversation, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	return s.store.ListContactConversations(ctx, actor.OrgID, actor.ContactID, actor.InboxID)
}

// ContactConversations returns every conversation of a contact, for the agent's sidebar. A
// contact outside the actor's organisation is not found, exactly like a missing one, rather
// than an empty list that would answer for any id.
func (s *Service) ContactConversations(ctx context.Context, actor kefu.Actor, contactID string) ([]kefu.Conversation, error) {
	if err := requireViewer(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidID(contactID) {
		return nil, kefu.ErrNotFound
	}
	if _, err := s.store.GetContact(ctx, actor.OrgID, contactID); err != nil {
		return nil, err
	}
	convs, err := s.store.ListContactConversations(ctx, actor.OrgID, contactID, "")
	if err != nil {
		return nil, err
	}
	// Not paged, so filtering here drops nothing a team-scoped agent may see.
	return slices.DeleteFunc(convs, func(c kefu.Conversation) bool { return !canSee(actor, &c) }), nil
}
