package store

import (
	"context"
	"time"
)

// FailNextEventSave makes the next batch fail to save its events once, as a full disk would,
// after every op of it succeeded.
func (s *Store) FailNextEventSave() { s.faults.saveEventsOnce.Store(true) }

// PruneEventsInChunks is PruneEvents deleting at most chunk events per write.
func (s *Store) PruneEventsInChunks(ctx context.Context, before time.Time, chunk int) (int64, error) {
	return s.pruneEvents(ctx, before, chunk)
}

// DeleteInboxInChunks is DeleteInbox deleting at most chunk rows per write.
func (s *Store) DeleteInboxInChunks(ctx context.Context, orgID, id string, chunk int) error {
	return s.deleteInbox(ctx, orgID, id, chunk)
}
