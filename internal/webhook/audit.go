package webhook

import (
	"context"
	"net/url"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records webhook administration in the audit log; audit.Service satisfies it.
type Auditor interface {
	// Within returns ctx carrying entries for the store write that makes the change, which
	// then appends them in its own transaction.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Audit actions of webhook administration.
const (
	ActionWebhookCreated = "webhook.created"
	ActionWebhookUpdated = "webhook.updated"
	ActionWebhookDeleted = "webhook.deleted"
	ActionWebhookResent  = "webhook.resent"
)

// within returns ctx carrying the record of a change to webhook id, with the fields that differ
// between before and after (either nil for a creation or deletion), for the one store write
// that makes it. An update that changes nothing is not recorded.
func (s *Service) within(ctx context.Context, actor kefu.Actor, action, id string, before, after map[string]any) context.Context {
	b, a := kefu.AuditDiff(before, after)
	if before != nil && after != nil && b == nil && a == nil {
		return ctx
	}
	return s.audit.Within(ctx, actor, kefu.AuditEntry{Action: action, TargetType: "webhook", TargetID: id, Before: b, After: a})
}

// auditFields are the fields of w the audit log shows. The signing secret is never among them,
// and of the URL only the host: receivers often carry a token in the path or query.
func auditFields(w *kefu.Webhook) map[string]any {
	host := ""
	if u, err := url.Parse(w.URL); err == nil {
		host = u.Host
	}
	return map[string]any{"url_host": host, "description": w.Description, "events": w.Events, "enabled": w.Enabled}
}

// newID returns the id of a webhook about to be created, so its audit entry can name it before
// the store has written it.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
