package conversation

import (
	"context"
	"time"
)

// PruneEvents deletes the resume events older than before, for every organisation: agents
// resume from these events, and one that was away longer than retention refetches instead (see
// ErrResyncRequired). It returns how many were deleted.
func (s *Service) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	return s.store.PruneEvents(ctx, before)
}
