package kefu

import "time"

// CustomRole is an organisation's own named set of permissions, granted to agents instead of a
// built-in role.
type CustomRole struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"org_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Perms       PermSet   `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// PermissionsChange says whose permissions just changed, so open connections of those agents
// can be re-authorised or closed (revocation). AgentIDs empty with All set means every agent
// of the organisation (e.g. team scoping switched).
type PermissionsChange struct {
	OrgID    string
	AgentIDs []string
	All      bool
}
