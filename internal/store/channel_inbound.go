package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

var errNotImplemented = kefu.Errorf(kefu.CodeInternal, "not implemented")

// StageInbound stages a pulled page of platform messages for inbox inboxID, in one transaction.
// When cursorName is not "", it first moves the inbox's cursor of that name from fromCursor
// ("" = none yet) to toCursor; if the stored cursor is not fromCursor (another worker pulled
// this page) nothing is written and moved is false. Each item whose MsgID the inbox staged
// before (within 7 days) is skipped; the others are staged in order. When at least one was
// staged and jobKind is not "", one pending job of jobKind (Ref inboxID) is added so the
// receiver runs. staged counts the new rows; moved is true when cursorName is "".
func (s *Store) StageInbound(ctx context.Context, orgID, inboxID string, items []kefu.StagedInbound,
	cursorName, fromCursor, toCursor string, jobKind string) (staged int, moved bool, err error) {
	return 0, false, errNotImplemented
}

// InboundCursor returns the inbox's pull cursor of that name, "" when none was stored.
func (s *Store) InboundCursor(ctx context.Context, inboxID, name string) (string, error) {
	return "", errNotImplemented
}

// StagedInbound returns up to limit of the inbox's staged messages, oldest (lowest Seq) first.
func (s *Store) StagedInbound(ctx context.Context, inboxID string, limit int) ([]kefu.StagedInbound, error) {
	return nil, errNotImplemented
}

// DeleteStagedInbound drops a staged message once it was received. A row already gone (another
// worker received it) is not an error.
func (s *Store) DeleteStagedInbound(ctx context.Context, inboxID string, seq int64) error {
	return errNotImplemented
}
