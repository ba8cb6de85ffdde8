package kb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// within returns ctx carrying the audit record of a change to article id, with the fields that
// differ between before and after; the store write given it commits the record with the
// change. Without an auditor (tools, tests) nothing is recorded.
func (s *Service) within(ctx context.Context, actor kefu.Actor, action, id string, before, after map[string]any) context.Context {
	if s.audit == nil {
		return ctx
	}
	b, a := kefu.AuditDiff(before, after)
	if before != nil && after != nil && b == nil && a == nil {
		return ctx
	}
	e := kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: "kb_article", TargetID: id, Before: b, After: a}
	return s.audit.Within(ctx, actor, e)
}

// auditFields are the fields of an article the audit log shows. The body is summarised by a
// short digest: the log records that it changed, not a second copy of the knowledge base.
func auditFields(a *kefu.Article) map[string]any {
	return map[string]any{"title": a.Title, "category": a.Category, "locale": a.Locale, "status": a.Status,
		"questions": len(a.Questions), "body_sha256": digest(a.Body)}
}

// digest is the first 12 hex digits of s's SHA-256: enough to tell two bodies apart in the log.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
