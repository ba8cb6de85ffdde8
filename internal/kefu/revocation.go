package kefu

import "encoding/base64"

// EventRevoked is the ephemeral event that ends the open realtime connections of revoked
// credentials. It is never stored (Seq 0) and never sent to clients: each node's hub closes the
// connections it names, so it travels on the bus to reach every node.
const EventRevoked EventType = "credentials.revoked"

// RevokeReason says why connections are closed, and so what their clients do next.
type RevokeReason string

const (
	// RevokeSignedOut: the credential no longer authenticates (sign-out, disabled agent,
	// revoked token, password change, expiry). The client signs in again.
	RevokeSignedOut RevokeReason = "revoked"
	// RevokePermissionsChanged: the credential still works but grants something else now (a
	// role change). The client reconnects, and authentication picks up the new permissions.
	RevokePermissionsChanged RevokeReason = "permissions_changed"
)

// Revocation names the credentials whose connections end. The most specific field set decides:
// ContactID (that contact's visitors), else TokenID (one API token), else SessionID (one
// session), else AllAgents (every agent of the organisation: its team scoping or an inbox's
// teams changed), else AgentID (the agent's connections, narrowed by SessionsOnly and
// ExceptSessionID).
type Revocation struct {
	Reason          RevokeReason `json:"reason"`
	AgentID         string       `json:"agent_id,omitempty"`
	SessionID       string       `json:"session_id,omitempty"`        // a session's public id (SessionID)
	TokenID         string       `json:"token_id,omitempty"`          // an API token's id
	SessionsOnly    bool         `json:"sessions_only,omitempty"`     // with AgentID: API tokens stay connected
	ExceptSessionID string       `json:"except_session_id,omitempty"` // with AgentID: this session stays
	AllAgents       bool         `json:"all_agents,omitempty"`        // every agent connection of the organisation
	ContactID       string       `json:"contact_id,omitempty"`        // the visitors of an erased contact
}

// Matches reports whether a connection authenticated as a is one the revocation ends.
func (r *Revocation) Matches(a Actor) bool {
	switch {
	case r.ContactID != "":
		return a.IsVisitor() && a.ContactID == r.ContactID
	case r.TokenID != "":
		return a.TokenID == r.TokenID
	case r.SessionID != "":
		return a.SessionID == r.SessionID
	case r.AllAgents:
		return a.IsAgent()
	case r.AgentID == "" || r.AgentID != a.AgentID:
		return false
	case r.SessionsOnly && a.SessionID == "":
		return false
	}
	return r.ExceptSessionID == "" || a.SessionID != r.ExceptSessionID
}

// sessionIDBytes is how much of a session's hash its public id shows: 96 bits, unique among
// any agent's sessions, and useless for authenticating (the hash is of a 256-bit secret).
const sessionIDBytes = 12

// SessionID is the public id of the session whose token hashes to hash: what the API shows
// and takes instead of the hash, which never leaves the server.
func SessionID(hash []byte) string {
	if len(hash) < sessionIDBytes {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(hash[:sessionIDBytes])
}
