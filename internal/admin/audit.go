package admin

import (
	"context"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records security-relevant actions in the audit log; audit.Service satisfies it.
type Auditor interface {
	Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry)
}

// nopAuditor records nothing: the default when Options.Auditor is nil (the CLI, tests).
type nopAuditor struct{}

func (nopAuditor) Record(context.Context, kefu.Actor, kefu.AuditEntry) {}

// Audit actions of the administration use cases.
const (
	ActionOrgCreated        = "org.created"
	ActionSettingsUpdated   = "settings.updated"
	ActionAgentCreated      = "agent.created"
	ActionAgentUpdated      = "agent.updated"
	ActionAgentRoleChanged  = "agent.role_changed"
	ActionAgentDisabled     = "agent.disabled"
	ActionAgentEnabled      = "agent.enabled"
	ActionPasswordChanged   = "auth.password_changed"
	ActionTokenCreated      = "token.created"
	ActionTokenRevoked      = "token.revoked"
	ActionInboxCreated      = "inbox.created"
	ActionInboxUpdated      = "inbox.updated"
	ActionInboxDeleted      = "inbox.deleted"
	ActionInboxSecretViewed = "inbox.secret_viewed"
	ActionInboxSecretRotate = "inbox.secret_rotated"
	ActionTeamCreated       = "team.created"
	ActionTeamUpdated       = "team.updated"
	ActionTeamDeleted       = "team.deleted"
	ActionLabelCreated      = "label.created"
	ActionLabelUpdated      = "label.updated"
	ActionLabelDeleted      = "label.deleted"
)

// record appends one entry about a target of type kind, with the fields that differ between
// before and after (either nil for a creation or deletion).
func (s *Service) record(ctx context.Context, actor kefu.Actor, action, kind, id string, before, after map[string]any) {
	b, a := kefu.AuditDiff(before, after)
	s.audit.Record(ctx, actor, kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: kind, TargetID: id,
		Before: b, After: a})
}

// auditFields are the fields of v the audit log shows: its public JSON form, which never holds
// secrets (password hashes and identity secrets are not encoded), without bookkeeping fields.
func auditFields(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	for _, k := range []string{"id", "org_id", "created_at", "updated_at", "last_seen_at", "last_used_at",
		"availability", "widget_key"} {
		delete(m, k)
	}
	return m
}

// agentAction names what a change to an agent was, by its most significant part.
func agentAction(before, after *kefu.Agent) string {
	switch {
	case before.Role != after.Role:
		return ActionAgentRoleChanged
	case !before.Disabled && after.Disabled:
		return ActionAgentDisabled
	case before.Disabled && !after.Disabled:
		return ActionAgentEnabled
	}
	return ActionAgentUpdated
}
