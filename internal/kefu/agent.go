package kefu

import "time"

// Role is an agent's role in its organisation: a built-in permission set (Role.Permissions), or
// RoleCustom for a custom role. Services check permissions, never roles.
type Role string

// The roles, from most to least privileged.
const (
	RoleOwner      Role = "owner"
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleAgent      Role = "agent"
	// RoleCustom marks an agent whose permissions come from a custom role of the organisation
	// (Agent.CustomRoleID) rather than a built-in set. It has no rank of its own.
	RoleCustom Role = "custom"
)

var roleRank = map[Role]int{RoleAgent: 1, RoleSupervisor: 2, RoleAdmin: 3, RoleOwner: 4}

// Valid reports whether r is one of the built-in roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// Assignable reports whether an agent may hold r: a built-in role or RoleCustom.
func (r Role) Assignable() bool { return r.Valid() || r == RoleCustom }

// Availability is whether an agent takes new conversations.
type Availability string

// Availability states. Only online agents are picked by automatic assignment.
const (
	Online  Availability = "online"
	Away    Availability = "away"
	Offline Availability = "offline"
)

// Valid reports whether a is a known availability.
func (a Availability) Valid() bool { return a == Online || a == Away || a == Offline }

// Agent is a user of the agent workspace.
type Agent struct {
	ID           string       `json:"id"`
	OrgID        string       `json:"org_id"`
	Email        string       `json:"email"`
	Name         string       `json:"name"`
	AvatarURL    string       `json:"avatar_url"`
	Role         Role         `json:"role"`
	CustomRoleID string       `json:"custom_role_id"` // set exactly when Role is RoleCustom
	Capacity     int          `json:"capacity"`       // most open conversations assigned at once; 0 = no auto-assignment
	Disabled     bool         `json:"disabled"`
	Availability Availability `json:"availability"`
	Skills       []Skill      `json:"skills"`    // what routing targets may require
	Languages    []string     `json:"languages"` // BCP 47 tags the agent answers in
	// Signature closes the agent's replies on channels that sign their messages (email).
	Signature    string `json:"signature"`
	PasswordHash string `json:"-"`
	// Perms is the agent's resolved permission set: its custom role's, or its built-in role's.
	// The store fills it in the query that reads the agent.
	Perms PermSet `json:"-"`
	// OrgTeamScoping is the organisation's team-scoping setting, read with the agent so
	// authentication needs no second query.
	OrgTeamScoping bool      `json:"-"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// EffectivePerms is what the agent may do as an actor: Perms, less conversations.view_all for
// the built-in agent role when the organisation scopes by team.
func (a *Agent) EffectivePerms() PermSet {
	if a.OrgTeamScoping && a.Role == RoleAgent {
		return a.Perms &^ Perms(PermConversationsViewAll)
	}
	return a.Perms
}

// DefaultCapacity is the capacity of a new agent when none is given.
const DefaultCapacity = 10

// Team is a named group of agents that conversations can be assigned to.
type Team struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"org_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	MemberIDs   []string  `json:"member_ids"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Label is an organisation-wide tag for conversations.
type Label struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"org_id"`
	Name        string    `json:"name"`
	Color       string    `json:"color"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

// APIToken lets an integration call the REST API. The secret is shown once at creation and
// stored only as a hash.
type APIToken struct {
	ID      string `json:"id"`
	OrgID   string `json:"org_id"`
	AgentID string `json:"agent_id"` // the agent who created it; actions are attributed to them
	Name    string `json:"name"`
	Role    Role   `json:"role"` // a built-in role, or RoleCustom with CustomRoleID
	// CustomRoleID names the custom role when Role is RoleCustom.
	CustomRoleID string `json:"custom_role_id"`
	// Perms is the role's permission set, resolved by the store; the token acts with the part
	// of it its creator still holds.
	Perms      PermSet    `json:"-"`
	Prefix     string     `json:"prefix"`
	Hash       []byte     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// Session is a signed-in agent's login. The token is stored only as a hash.
type Session struct {
	Hash       []byte    `json:"-"`
	ID         string    `json:"id"` // public id: SessionID(Hash), never the hash itself
	OrgID      string    `json:"org_id"`
	AgentID    string    `json:"agent_id"`
	CSRFToken  string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ClientIP   string    `json:"client_ip,omitempty"`  // where the sign-in came from, as recorded then
	UserAgent  string    `json:"user_agent,omitempty"` // the signing-in browser's User-Agent, truncated
	// Enrol2FA marks a session opened while the organisation requires two-factor sign-in and
	// the agent had none: it may only enrol (and sign out) until the agent has.
	Enrol2FA bool `json:"-"`
}

// CannedReply is a saved answer an agent inserts by typing /shortcut. A shared one (OwnerID "")
// belongs to the whole organisation; a personal one to its owner alone.
type CannedReply struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	OwnerID   string    `json:"owner_id"` // "" = shared
	Shortcut  string    `json:"shortcut"`
	Content   string    `json:"content"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Shared reports whether the reply belongs to the whole organisation.
func (c CannedReply) Shared() bool { return c.OwnerID == "" }
