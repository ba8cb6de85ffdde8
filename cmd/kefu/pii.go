package main

import (
	"context"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// logAuditor records audited actions in the server log until the audit log exists; the audit
// engineer replaces it in wire.go. It never fails, so reveals work meanwhile.
type logAuditor struct{ log *slog.Logger }

// Record implements conversation.Auditor and contact.Auditor.
func (a logAuditor) Record(ctx context.Context, e kefu.AuditEntry) error {
	a.log.InfoContext(ctx, "audit", "org_id", e.OrgID, "actor_id", e.ActorID, "action", e.Action,
		"target_type", e.TargetType, "target_id", e.TargetID, "detail", e.Detail)
	return nil
}

// lateAgentView lets the hub, built before the conversation service that presences need it,
// mask agents' events with that service once it exists (wire sets convs before serving).
type lateAgentView struct{ convs *conversation.Service }

// MaskEventForAgents implements realtime.AgentView.
func (v *lateAgentView) MaskEventForAgents(ev *kefu.Event) *kefu.Event {
	if v.convs == nil {
		return ev
	}
	return v.convs.MaskEventForAgents(ev)
}
