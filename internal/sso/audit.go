package sso

import (
	"context"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records changes to the single sign-on settings in the audit log; audit.Service
// satisfies it.
type Auditor interface {
	// Within returns ctx carrying entries for the store write that makes the change, which
	// then appends them in its own transaction.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Audit actions of the single sign-on settings.
const (
	ActionProviderSet     = "sso.provider_set"
	ActionProviderRemoved = "sso.provider_removed"
)

// within returns ctx carrying the record of a change to the organisation's provider, for the
// one store write that makes it.
func (s *Service) within(ctx context.Context, actor kefu.Actor, action string, before, after map[string]any) context.Context {
	b, a := kefu.AuditDiff(before, after)
	return s.audit.Within(ctx, actor, kefu.AuditEntry{Action: action, TargetType: "sso_provider", TargetID: actor.OrgID, Before: b, After: a})
}

// auditFields are the fields of p the audit log shows: its JSON form, which never holds the
// client secret, without bookkeeping. A new client secret shows only as the fact that one was
// given. nil for no provider.
func auditFields(p *kefu.OIDCProvider) map[string]any {
	if p == nil {
		return nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	for _, k := range []string{"org_id", "created_at", "updated_at"} {
		delete(m, k)
	}
	if p.ClientSecret != "" {
		m["client_secret_set"] = true
	}
	return m
}
