package realtime

import "github.com/kefu-dev/kefu/internal/kefu"

// AgentScope is which events of the organisation an agent connection receives; the agent
// chooses it in the hello. Large teams use ScopeAssigned so that every agent's browser does
// not receive (and the server does not write) every message of every conversation.
type AgentScope string

const (
	// ScopeAll receives every event of the organisation: the default.
	ScopeAll AgentScope = "all"
	// ScopeAssigned receives messages only of conversations that are unassigned or assigned
	// to the agent. Every other event (conversation changes, presence, typing) still arrives,
	// so lists and counts stay right.
	ScopeAssigned AgentScope = "assigned"
)

// Valid reports whether s is a scope a hello may ask for ("" means ScopeAll).
func (s AgentScope) Valid() bool { return s == "" || s == ScopeAll || s == ScopeAssigned }

// wants reports whether an agent connection of this scope, signed in as agentID, receives an
// event whose conversation is assigned to assignee ("" = not a message event, or unassigned).
func (s AgentScope) wants(assignee, agentID string) bool {
	return s != ScopeAssigned || assignee == "" || assignee == agentID
}

// scopedAssignee is the agent a message event belongs to under ScopeAssigned: the assignee of
// its conversation. Other events, and messages of unassigned conversations, belong to everyone.
func scopedAssignee(ev *kefu.Event) string {
	if ev.Message == nil || ev.Conversation == nil {
		return ""
	}
	return ev.Conversation.AssigneeID
}
