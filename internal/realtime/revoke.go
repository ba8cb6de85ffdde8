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
	h.mu.RLock()
	defer h.mu.RUnlock()
	for c := range h.agents[ev.OrgID] {
		if rev.Matches(c.actor) && c.kill(code, reason) {
			h.metrics.revoked.Inc()
		}
	}
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
		case now.Permissions() != actor.Permissions() || now.Role != actor.Role:
			return revokeClose(kefu.RevokePermissionsChanged)
		}
		return 0, ""
	}
}
