package kefu

import "time"

// InvitationStatus is where an invitation stands; it is derived from its timestamps.
type InvitationStatus string

// The invitation states.
const (
	InvitationPending  InvitationStatus = "pending"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationExpired  InvitationStatus = "expired"
	InvitationRevoked  InvitationStatus = "revoked"
)

// Invitation asks someone by e-mail to join an organisation as an agent with a role. Its link
// carries a random single-use secret stored only as a hash (TokenHash), like a session.
type Invitation struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	Email string `json:"email"`
	Name  string `json:"name"` // a suggestion; the invitee may change it when accepting
	Role  Role   `json:"role"` // a built-in role, or RoleCustom with CustomRoleID
	// CustomRoleID names the custom role when Role is RoleCustom.
	CustomRoleID string     `json:"custom_role_id"`
	InvitedBy    string     `json:"invited_by"` // the agent who invited (or last re-issued)
	TokenHash    []byte     `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
	ExpiresAt    time.Time  `json:"expires_at"`
	AcceptedAt   *time.Time `json:"accepted_at"`
	AgentID      string     `json:"agent_id"` // the agent the acceptance created
	RevokedAt    *time.Time `json:"revoked_at"`
}

// StatusAt is the invitation's state at now. Accepted and revoked are final; a pending
// invitation turns expired at ExpiresAt.
func (i *Invitation) StatusAt(now time.Time) InvitationStatus {
	switch {
	case i.AcceptedAt != nil:
		return InvitationAccepted
	case i.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}
