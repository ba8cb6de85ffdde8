package auth

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Publisher takes ephemeral events to every node: the bus.
type Publisher interface {
	Publish(events []kefu.Event)
}

// Revoker announces credentials that stopped working or now grant something else, so that every
// node's realtime hub closes the connections opened with them. REST needs no announcement: it
// authenticates every request. A nil Revoker (the CLI) announces nothing; connections then still
// end at their next periodic credential check.
type Revoker struct {
	bus   Publisher
	local Publisher
}

// NewRevoker returns a Revoker publishing on bus, which reaches every node. local, if not nil,
// is this node's hub: it is told first and synchronously, so that the connections here are
// closed before the revoking request answers and a frame sent after that is never acted on.
// The bus brings the same event back to it, which closes nothing more.
func NewRevoker(bus, local Publisher) *Revoker { return &Revoker{bus: bus, local: local} }

// Session ends the connections of one session.
func (r *Revoker) Session(orgID, agentID, sessionID string) {
	r.announce(orgID, kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: agentID, SessionID: sessionID})
}

// OtherSessions ends the connections of the agent's sessions except keepSessionID ("" = all of
// them); connections of the agent's API tokens stay.
func (r *Revoker) OtherSessions(orgID, agentID, keepSessionID string) {
	r.announce(orgID, kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: agentID, SessionsOnly: true, ExceptSessionID: keepSessionID})
}

// Token ends the connections of one API token.
func (r *Revoker) Token(orgID, tokenID string) {
	r.announce(orgID, kefu.Revocation{Reason: kefu.RevokeSignedOut, TokenID: tokenID})
}

// Agent ends every connection of the agent, sessions and API tokens alike: it was disabled or
// removed.
func (r *Revoker) Agent(orgID, agentID string) {
	r.announce(orgID, kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: agentID})
}

// PermissionsChanged closes every connection of the agents so that they reconnect with the
// permissions they hold now (a role change, or a change of the role they have).
func (r *Revoker) PermissionsChanged(orgID string, agentIDs ...string) {
	for _, id := range agentIDs {
		r.announce(orgID, kefu.Revocation{Reason: kefu.RevokePermissionsChanged, AgentID: id})
	}
}

// Permissions is PermissionsChanged for a change the admin service reports: some agents, or
// every agent of the organisation (team scoping switched, an inbox's teams changed).
func (r *Revoker) Permissions(_ context.Context, change kefu.PermissionsChange) {
	if change.All {
		r.announce(change.OrgID, kefu.Revocation{Reason: kefu.RevokePermissionsChanged, AllAgents: true})
		return
	}
	r.PermissionsChanged(change.OrgID, change.AgentIDs...)
}

// Contact ends the open connections of an erased contact's visitors.
func (r *Revoker) Contact(orgID, contactID string) {
	r.announce(orgID, kefu.Revocation{Reason: kefu.RevokeSignedOut, ContactID: contactID})
}

func (r *Revoker) announce(orgID string, rev kefu.Revocation) {
	if r == nil || orgID == "" {
		return
	}
	evs := []kefu.Event{{OrgID: orgID, Type: kefu.EventRevoked, Revocation: &rev, CreatedAt: time.Now()}}
	if r.local != nil {
		r.local.Publish(evs)
	}
	if r.bus != nil {
		r.bus.Publish(evs)
	}
}
