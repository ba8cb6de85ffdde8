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
	Role    Role    // agents and tokens: the built-in role, also the rank for "never above the granter"
	Perms   PermSet // agents and tokens: what the actor may do; 0 = the built-in set of Role
	TokenID string  // set when an API token authenticated the call
	// SessionID is set when a session authenticated the call: its public id (SessionID), by
	// which a revocation finds the session's open connections.
	SessionID string
	// TokenExpiresAt is when that token expires; zero for tokens without expiry (and for
	// everything that is not a token). An expiring token may not create anything that outlives it.
	TokenExpiresAt time.Time

	ContactID string // visitors: the contact they are
	InboxID   string // visitors: the inbox whose widget they use
}

// IsAgent reports whether the actor is an agent or a token acting for one.
func (a Actor) IsAgent() bool { return a.Kind == ActorAgent && a.AgentID != "" && a.Role.Valid() }

// IsVisitor reports whether the actor is a widget visitor.
func (a Actor) IsVisitor() bool { return a.Kind == ActorVisitor && a.ContactID != "" }

// Can reports whether an agent actor has at least role min. Visitors and the zero actor never can.
func (a Actor) Can(min Role) bool { return a.IsAgent() && a.Role.AtLeast(min) }

// Has reports whether an agent actor holds permission p. Visitors and the zero actor hold none.
func (a Actor) Has(p Permission) bool { return a.IsAgent() && a.Permissions().Has(p) }

// Permissions is the actor's permission set: the one resolved at authentication (a custom role,
// or a token's narrower grant), else the built-in set of its role.
func (a Actor) Permissions() PermSet {
	if !a.IsAgent() {
		return 0
	}
	if a.Perms != 0 {
		return a.Perms
	}
	return a.Role.Permissions()
}

// SystemActor acts for kefu itself inside org.
func SystemActor(orgID string) Actor { return Actor{Kind: ActorSystem, OrgID: orgID} }
