package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// nonceWindow is how long a callback nonce is remembered: twice the ±5 minutes within which a
// callback's timestamp is accepted, so a nonce is kept as long as a request carrying it can
// still pass the timestamp check.
const nonceWindow = 10 * time.Minute

// RecordCallbackNonce records that inbox inboxID accepted a callback with nonce and a body whose
// hash is bodyHash at at. The first sighting of a nonce is kept; a later one with the same body
// hash is the platform retrying (replayed false), one with another body is a replay (true). The
// same write drops the inbox's nonces seen before at-10min, so the table holds only the
// timestamp window's callbacks.
func (s *Store) RecordCallbackNonce(ctx context.Context, inboxID, nonce, bodyHash string, at time.Time) (replayed bool, err error) {
	if inboxID == "" || nonce == "" || bodyHash == "" {
		return false, kefu.FieldError("nonce", "a callback nonce needs an inbox, a nonce and a body hash")
	}
	err = s.write(ctx, func(t *Tx) error {
		replayed = false
		if _, err := t.exec(`DELETE FROM channel_nonces WHERE inbox_id = ? AND seen_at < ?`,
			inboxID, micros(at.Add(-nonceWindow))); err != nil {
			return dbError(err)
		}
		first, err := affected(t.exec(`INSERT INTO channel_nonces (inbox_id, nonce, body_hash, seen_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (inbox_id, nonce) DO NOTHING`, inboxID, nonce, bodyHash, micros(at)))
		if err != nil || first {
			return inboxGone(err)
		}
		replayed, err = t.nonceReplayed(inboxID, nonce, bodyHash)
		return err
	})
	return replayed, err
}

// nonceReplayed reports whether the nonce the inbox already holds came with another body.
func (t *Tx) nonceReplayed(inboxID, nonce, bodyHash string) (bool, error) {
	var seen string
	err := t.c.queryRow(t.ctx, `SELECT body_hash FROM channel_nonces WHERE inbox_id = ? AND nonce = ?`,
		inboxID, nonce).Scan(&seen)
	if err != nil {
		return false, dbError(err)
	}
	return seen != bodyHash, nil
}

// inboxGone maps the foreign key violation of a row written for an inbox that does not exist
// (or was deleted meanwhile) to not found.
func inboxGone(err error) error {
	if isForeignKeyViolation(err) {
		return kefu.ErrNotFound
	}
	return err
}
