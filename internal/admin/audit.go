package admin

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records security-relevant actions in the audit log; audit.Service satisfies it.
type Auditor interface {
	// Record appends e on its own, for actions that change nothing in the store.
	Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry)
	// Within returns ctx carrying entries for the store write that makes the change, which
	// then appends them in its own transaction.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

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
	ActionTokenRevoked      = "token.revoked" // token.created is auth's: it makes the token
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
	ActionRoleCreated       = "role.created"
	ActionRoleUpdated       = "role.updated"
	ActionRoleDeleted       = "role.deleted"
)

// within returns ctx carrying the record of a change to a target of type kind, with the fields
// that differ between before and after (either nil for a creation or deletion). Pass it to the
// one store call that makes the change: the entry commits in that call's transaction.
// An update that changes nothing is not recorded.
func (s *Service) within(ctx context.Context, actor kefu.Actor, action, kind, id string, before, after map[string]any) context.Context {
	e := change(actor, action, kind, id, before, after)
	if before != nil && after != nil && e.Before == nil && e.After == nil {
		return ctx
	}
	return s.audit.Within(ctx, actor, e)
}

// record appends the record of an action that changes nothing in the store, or whose change
// takes several writes, right after it.
func (s *Service) record(ctx context.Context, actor kefu.Actor, action, kind, id string, before, after map[string]any) {
	s.audit.Record(ctx, actor, change(actor, action, kind, id, before, after))
}

// change is the audit entry of an action on a target.
func change(actor kefu.Actor, action, kind, id string, before, after map[string]any) kefu.AuditEntry {
	b, a := kefu.AuditDiff(before, after)
	return kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: kind, TargetID: id, Before: b, After: a}
}

// newID returns an id for a row about to be created, so its audit entry can name it before the
// store has written it.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

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

// roleFields are the fields of a custom role the audit log shows, its permissions by name.
func roleFields(r *kefu.CustomRole) map[string]any {
	return map[string]any{"name": r.Name, "description": r.Description, "permissions": r.Perms.Names()}
}
