package audit

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Page is one page of the log, newest first. NextBefore is the seq to pass as BeforeSeq for the
// next page, 0 when this is the last.
type Page struct {
	Entries    []kefu.AuditEntry
	NextBefore int64
}

// Paging limits.
const (
	defaultPageSize = 50
	maxPageSize     = 200
	maxFilterLen    = 128
)

// List returns a page of the actor's organisation's log matching f (audit.view).
func (s *Service) List(ctx context.Context, actor kefu.Actor, f kefu.AuditFilter) (*Page, error) {
	if err := requireView(actor); err != nil {
		return nil, err
	}
	if err := checkFilter(&f); err != nil {
		return nil, err
	}
	f.Ascending, f.AfterSeq = false, 0
	f.Limit = pageSize(f.Limit)
	entries, err := s.store.ListAudit(ctx, actor.OrgID, f)
	if err != nil {
		return nil, err
	}
	page := &Page{Entries: entries}
	if len(entries) == f.Limit {
		page.NextBefore = entries[len(entries)-1].Seq
	}
	return page, nil
}

// requireView fails unless actor is an agent who may read the log; to anyone else it does not
// exist.
func requireView(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermAuditView) {
		return kefu.Errorf(kefu.CodeForbidden, "reading the audit log needs the audit.view permission")
	}
	return nil
}

// checkFilter validates the caller's filter fields.
func checkFilter(f *kefu.AuditFilter) error {
	for field, v := range map[string]string{"actor_id": f.ActorID, "action": f.ActionPrefix,
		"target_type": f.TargetType, "target_id": f.TargetID} {
		if len(v) > maxFilterLen || strings.ContainsFunc(v, isControl) {
			return kefu.FieldError(field, "must be at most %d characters without control characters", maxFilterLen)
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return kefu.FieldError("to", "must be after from")
	}
	if f.BeforeSeq < 0 {
		return kefu.FieldError("before", "must be a positive seq")
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func pageSize(n int) int {
	if n <= 0 {
		return defaultPageSize
	}
	return min(n, maxPageSize)
}
