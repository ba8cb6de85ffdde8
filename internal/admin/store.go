package admin

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the admin service needs of the database, grouped by what it is for.
// Store satisfies it; cmd/kefu passes it in, and tests may pass a fake.
type Store interface {
	Orgs
	Agents
	Teams
	Labels
	Inboxes
	ChannelInboxes
	CannedReplies
	APITokens
	CustomRoles
	Invitations
	RoutingRules
}

// CustomRoles reads and changes the organisation's custom roles. DeleteCustomRole refuses a
// role some agent holds with a conflict.
type CustomRoles interface {
	CreateCustomRole(ctx context.Context, r *kefu.CustomRole) error
	GetCustomRole(ctx context.Context, orgID, id string) (*kefu.CustomRole, error)
	ListCustomRoles(ctx context.Context, orgID string) ([]kefu.CustomRole, error)
	UpdateCustomRole(ctx context.Context, r *kefu.CustomRole) error
	DeleteCustomRole(ctx context.Context, orgID, id string) error
	// CustomRoleAgents returns the ids of the agents holding the role.
	CustomRoleAgents(ctx context.Context, orgID, id string) ([]string, error)
}

// Orgs reads and changes organisations. ListOrgs spans every tenant: only the CLI's owner
// creation may reach it.
type Orgs interface {
	// CountOrgs returns how many organisations exist; zero means first-run setup is pending.
	CountOrgs(ctx context.Context) (int, error)
	ListOrgs(ctx context.Context) ([]kefu.Org, error)
	// CreateOrgWithOwner creates an organisation and its first agent in one transaction, so
	// setup never leaves an organisation nobody can sign in to.
	CreateOrgWithOwner(ctx context.Context, org *kefu.Org, owner *kefu.Agent) error
	GetOrg(ctx context.Context, id string) (*kefu.Org, error)
	UpdateOrg(ctx context.Context, org *kefu.Org) error
}

// Agents reads and changes the organisation's agents and signs them out.
type Agents interface {
	CreateAgent(ctx context.Context, a *kefu.Agent) error
	GetAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error)
	ListAgents(ctx context.Context, orgID string) ([]kefu.Agent, error)
	// UpdateAgent saves every mutable field, including the password hash and availability.
	UpdateAgent(ctx context.Context, a *kefu.Agent) error
	// DeleteAgentSessions signs an agent out everywhere.
	DeleteAgentSessions(ctx context.Context, orgID, agentID string) error
}

// Teams reads and changes teams with their members.
type Teams interface {
	CreateTeam(ctx context.Context, tm *kefu.Team) error
	GetTeam(ctx context.Context, orgID, id string) (*kefu.Team, error)
	ListTeams(ctx context.Context, orgID string) ([]kefu.Team, error)
	UpdateTeam(ctx context.Context, tm *kefu.Team) error
	DeleteTeam(ctx context.Context, orgID, id string) error
}

// Labels reads and changes the organisation's labels; a rename or delete follows through to
// the conversations that carry the label.
type Labels interface {
	CreateLabel(ctx context.Context, l *kefu.Label) error
	ListLabels(ctx context.Context, orgID string) ([]kefu.Label, error)
	UpdateLabel(ctx context.Context, l *kefu.Label) error
	DeleteLabel(ctx context.Context, orgID, id string) error
}

// Inboxes reads and changes inboxes with their members.
type Inboxes interface {
	CreateInbox(ctx context.Context, in *kefu.Inbox) error
	GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error)
	// GetInboxByWidgetKey finds an inbox in any organisation by its public widget key.
	GetInboxByWidgetKey(ctx context.Context, key string) (*kefu.Inbox, error)
	ListInboxes(ctx context.Context, orgID string) ([]kefu.Inbox, error)
	UpdateInbox(ctx context.Context, in *kefu.Inbox) error
	// DeleteInbox deletes an inbox with its conversations; repeating it finishes a delete that
	// stopped half-way.
	DeleteInbox(ctx context.Context, orgID, id string) error
}

// CannedReplies reads and changes canned replies, shared ("" owner) and personal.
type CannedReplies interface {
	CreateCannedReply(ctx context.Context, c *kefu.CannedReply) error
	GetCannedReply(ctx context.Context, orgID, id string) (*kefu.CannedReply, error)
	// ListCannedReplies returns the shared replies and ownerID's personal ones; search "" lists
	// all.
	ListCannedReplies(ctx context.Context, orgID, ownerID, search string) ([]kefu.CannedReply, error)
	UpdateCannedReply(ctx context.Context, c *kefu.CannedReply) error
	DeleteCannedReply(ctx context.Context, orgID, id string) error
}

// APITokens lists and revokes API tokens; creating one goes through auth.Service, which
// generates and hashes the secret.
type APITokens interface {
	ListAPITokens(ctx context.Context, orgID string) ([]kefu.APIToken, error)
	// RevokeAPIToken marks a token revoked at the given time; revoking twice keeps the first.
	RevokeAPIToken(ctx context.Context, orgID, id string, at time.Time) error
}
