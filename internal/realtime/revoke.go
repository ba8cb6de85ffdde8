package realtime

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// revoke closes the agent connections of ev's organisation that the revocation names: the
// event reached every node over the bus, and each hub closes its own connections. Revoked
// credentials close with CloseRevoked (sign in again), changed permissions with
// ClosePermissionsChanged (reconnect).
func (h *Hub) revoke(ev *kefu.Event) {
	rev := ev.Revocation
	if rev == nil {
		return
	}
	code, reason := revokeClose(rev.Reason)
	h.mu.Lock() // not RLock: the revocation is also remembered, for connections still in their hello
	defer h.mu.Unlock()
	h.remember(ev.OrgID, *rev)
	for c := range h.agents[ev.OrgID] {
		if rev.Matches(c.actor) && c.kill(code, reason) {
			h.metrics.revoked.Inc()
		}
	}
	if rev.ContactID != "" {
		for _, c := range h.visitors[visitorKey{ev.OrgID, rev.ContactID}] {
			if c.kill(code, reason) {
				h.metrics.revoked.Inc()
			}
		}
	}
}

// keptRevocations bounds the revocations the hub remembers for connections still saying hello:
// far more than arrive during one hello (at most HelloTimeout) on any real server.
const keptRevocations = 256

// revocationRecord is a remembered revocation of an organisation's credentials.
type revocationRecord struct {
	orgID string
	rev   kefu.Revocation
}

// remember appends a revocation, forgetting the oldest past keptRevocations. h.mu is held.
func (h *Hub) remember(orgID string, rev kefu.Revocation) {
	if len(h.revocations) == keptRevocations {
		h.revocations = append(h.revocations[:0], h.revocations[1:]...)
	}
	h.revocations = append(h.revocations, revocationRecord{orgID: orgID, rev: rev})
	h.revokeSeq++
}

// revokedSince is the close code for an agent connection that a revocation after its admission
// names, 0 if none does. If so many came that some are forgotten, the connection reconnects to
// be sure (ClosePermissionsChanged: a fresh authentication decides). h.mu is held.
func (h *Hub) revokedSince(c *conn) (int, string) {
	missed := h.revokeSeq - c.revokeSeen
	if missed == 0 {
		return 0, ""
	}
	if missed > uint64(len(h.revocations)) {
		return revokeClose(kefu.RevokePermissionsChanged)
	}
	for _, r := range h.revocations[len(h.revocations)-int(missed):] {
		if r.orgID == c.actor.OrgID && r.rev.Matches(c.actor) {
			return revokeClose(r.rev.Reason)
		}
	}
	return 0, ""
}

// revokeClose is the close code and reason of a revocation.
func revokeClose(r kefu.RevokeReason) (int, string) {
	if r == kefu.RevokePermissionsChanged {
		return ClosePermissionsChanged, "permissions changed; reconnect"
	}
	return CloseRevoked, "credentials revoked; sign in again"
}

// recheckFor is an agent connection's credential check: 0 while the credential still stands
// for the permissions it was opened with, else the close code. A failing Backend keeps the
// connection (logged): the next tick tries again, and announced revocations still arrive.
func (h *Handler) recheckFor(actor kefu.Actor) func(context.Context) (int, string) {
	return func(ctx context.Context) (int, string) {
		now, err := h.backend.CheckCredential(ctx, actor)
		switch {
		case kefu.ErrorCode(err) == kefu.CodeUnauthenticated:
			return CloseRevoked, "credentials expired or revoked; sign in again"
		case err != nil:
			h.log.Warn("realtime: credential check", "err", err, "org_id", actor.OrgID)
			return 0, ""
		case now.Permissions() != actor.Permissions() || now.Role != actor.Role || !now.Scope.Equal(actor.Scope):
			return revokeClose(kefu.RevokePermissionsChanged)
		}
		return 0, ""
	}
}
