package kefu

import "slices"

// ConversationScope narrows the conversations an agent sees when the organisation turns team
// scoping on and the agent lacks conversations.view_all. It is resolved once, at
// authentication, so the visibility rule, list queries and realtime delivery all decide from
// the actor alone, without a query per conversation or event.
type ConversationScope struct {
	AgentID string
	// Teams: the agent holds conversations.view_team and sees their teams' conversations and
	// the conversations of the inboxes attached to those teams.
	Teams bool
	// Queue: the agent may take from the queue, so they also see the unassigned conversations
	// of their teams' inboxes.
	Queue    bool
	TeamIDs  []string // the teams the agent belongs to
	InboxIDs []string // the inboxes attached to those teams
}

// ConversationRef is what the scope looks at in a conversation; events carry it too, so
// realtime delivery can decide without reading the conversation.
type ConversationRef struct {
	InboxID    string
	TeamID     string
	AssigneeID string
}

// Ref returns the conversation's scope-relevant fields.
func (c *Conversation) Ref() ConversationRef {
	return ConversationRef{InboxID: c.InboxID, TeamID: c.TeamID, AssigneeID: c.AssigneeID}
}

// Sees reports whether the scope includes a conversation. A nil scope includes every one.
func (s *ConversationScope) Sees(c ConversationRef) bool {
	switch {
	case s == nil:
		return true
	case c.AssigneeID != "" && c.AssigneeID == s.AgentID:
		return true
	case s.Teams:
		return slices.Contains(s.TeamIDs, c.TeamID) || slices.Contains(s.InboxIDs, c.InboxID)
	case s.Queue:
		return c.AssigneeID == "" && slices.Contains(s.InboxIDs, c.InboxID)
	}
	return false
}

// ScopeFor decides an agent's conversation scope from their permissions: nil (everything) with
// conversations.view_all or when the organisation does not scope by team.
func ScopeFor(agentID string, perms PermSet, teamScoping bool) *ConversationScope {
	if !teamScoping || perms.Has(PermConversationsViewAll) {
		return nil
	}
	return &ConversationScope{
		AgentID: agentID,
		Teams:   perms.Has(PermConversationsViewTeam),
		Queue:   perms.Has(PermConversationsReply),
	}
}

// NeedsTeams reports whether the scope looks at team membership, so the caller must load the
// agent's teams and their inboxes.
func (s *ConversationScope) NeedsTeams() bool { return s != nil && (s.Teams || s.Queue) }

// viewPerms are the permissions that let an agent see conversations at all.
const viewPerms = PermSet(1)<<PermConversationsViewAll | PermSet(1)<<PermConversationsViewTeam |
	PermSet(1)<<PermConversationsViewAssigned

// CanViewConversations reports whether the set lets its holder see any conversation.
func (s PermSet) CanViewConversations() bool { return s&viewPerms != 0 }

// Equal reports whether two scopes let an agent see the same conversations; nil (unscoped)
// equals only nil. Team and inbox lists compare in order, as the store returns them sorted.
func (s *ConversationScope) Equal(o *ConversationScope) bool {
	if s == nil || o == nil {
		return s == o
	}
	return s.AgentID == o.AgentID && s.Teams == o.Teams && s.Queue == o.Queue &&
		slices.Equal(s.TeamIDs, o.TeamIDs) && slices.Equal(s.InboxIDs, o.InboxIDs)
}
