package store

import (
	"context"
	"time"
)

// RecordCallbackNonce records that inbox inboxID accepted a callback with nonce and a body whose
// hash is bodyHash at at. The first sighting of a nonce is kept; a later one with the same body
// hash is the platform retrying (replayed false), one with another body is a replay (true). The
// same write drops the inbox's nonces seen before at-10min, so the table holds only the
// timestamp window's callbacks.
func (s *Store) RecordCallbackNonce(ctx context.Context, inboxID, nonce, bodyHash string, at time.Time) (replayed bool, err error) {
	return false, errNotImplemented
}
