package kefu

import "time"

// ActorKind says what kind of principal is acting.
type ActorKind string

// Actor kinds.
const (
	ActorAgent   ActorKind = "agent"   // a signed-in agent (session) or an API token acting for one
	ActorVisitor ActorKind = "visitor" // a widget visitor holding a visitor token
	ActorSystem  ActorKind = "system"  // kefu itself: assignment rules, CLI commands
)

// Actor is the authenticated principal behind a request or connection. Services decide
// authorisation from it alone, never from request fields.
type Actor struct {
	Kind    ActorKind
	OrgID   string
	AgentID string  // agents and tokens: who acts (a token acts for its creator)
	Role    Role    // agents and tokens: the built-in role, or RoleCustom
	Perms   PermSet // agents and tokens: what the actor may do; with a built-in Role, 0 = its built-in set
	TokenID string  // set when an API token authenticated the call
	// SessionID is set when a session authenticated the call: its public id (SessionID), by
	// which a revocation finds the session's open connections.
	SessionID string
	// TokenExpiresAt is when that token expires; zero for tokens without expiry (and for
	// everything that is not a token). An expiring token may not create anything that outlives it.
	TokenExpiresAt time.Time
	// Scope narrows the conversations an agent sees (team scoping); nil = all the permissions
	// allow.
	Scope *ConversationScope

	ContactID string // visitors: the contact they are
	InboxID   string // visitors: the inbox whose widget they use
}

// IsAgent reports whether the actor is an agent or a token acting for one.
func (a Actor) IsAgent() bool {
	return a.Kind == ActorAgent && a.AgentID != "" && a.Role.Assignable()
}

// IsVisitor reports whether the actor is a widget visitor.
func (a Actor) IsVisitor() bool { return a.Kind == ActorVisitor && a.ContactID != "" }

// Has reports whether an agent actor holds permission p. Visitors and the zero actor hold none.
func (a Actor) Has(p Permission) bool { return a.IsAgent() && a.Permissions().Has(p) }

// Permissions is the actor's permission set: the one resolved at authentication (a custom role,
// or a token's narrower grant), else the built-in set of its role.
func (a Actor) Permissions() PermSet {
	if !a.IsAgent() {
		return 0
	}
	// A custom role's set is authoritative even when empty; only a built-in role falls back.
	if a.Perms != 0 || a.Role == RoleCustom {
		return a.Perms
	}
	return a.Role.Permissions()
}

// SystemActor acts for kefu itself inside org.
func SystemActor(orgID string) Actor { return Actor{Kind: ActorSystem, OrgID: orgID} }

// SeesConversation reports whether an agent actor may see a conversation of its organisation:
// it needs a conversation view permission, and its scope, if any, must include it.
func (a Actor) SeesConversation(c ConversationRef) bool {
	return a.IsAgent() && a.Permissions().CanViewConversations() && a.Scope.Sees(c)
}

// SeesEvent reports whether an event may reach an agent: one about no conversation (convID "")
// reaches every agent of the organisation; one about a conversation reaches the agents who may
// see it, decided from ref, its scope fields; when the event carries none (known false), only
// agents who see every conversation get it.
func (a Actor) SeesEvent(convID string, ref ConversationRef, known bool) bool {
	switch {
	case convID == "":
		return true
	case !known:
		return a.Scope == nil && a.IsAgent() && a.Permissions().CanViewConversations()
	}
	return a.SeesConversation(ref)
}
