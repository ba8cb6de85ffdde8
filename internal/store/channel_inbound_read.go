package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboundCursor returns the inbox's pull cursor of that name, "" when none was stored.
func (s *Store) InboundCursor(ctx context.Context, inboxID, name string) (string, error) {
	var cursor string
	err := s.reader().queryRow(ctx, `SELECT cursor FROM channel_cursors WHERE inbox_id = ? AND name = ?`,
		inboxID, name).Scan(&cursor)
	return cursor, ignoreNotFound(dbError(err))
}

// StagedInbound returns up to limit (1 to 1000) of the inbox's staged messages, oldest (lowest
// Seq) first.
func (s *Store) StagedInbound(ctx context.Context, inboxID string, limit int) ([]kefu.StagedInbound, error) {
	if limit < 1 || limit > maxStagedPage {
		return nil, kefu.FieldError("limit", "limit must be between 1 and %d", maxStagedPage)
	}
	rows, err := s.reader().query(ctx, `SELECT seq, inbox_id, msg_id, payload, staged_at FROM channel_inbound
		WHERE inbox_id = ? ORDER BY seq LIMIT ?`, inboxID, limit)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []kefu.StagedInbound
	for rows.Next() {
		var (
			m  kefu.StagedInbound
			at int64
		)
		if err := rows.Scan(&m.Seq, &m.InboxID, &m.MsgID, &m.Payload, &at); err != nil {
			return nil, kefu.Internal(err)
		}
		m.StagedAt = fromMicros(at)
		out = append(out, m)
	}
	return out, dbError(rows.Err())
}

// DeleteStagedInbound drops a staged message once it was received. A row already gone (another
// worker received it) is not an error.
func (s *Store) DeleteStagedInbound(ctx context.Context, inboxID string, seq int64) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM channel_inbound WHERE inbox_id = ? AND seq = ?`, inboxID, seq)
		return dbError(err)
	})
}
