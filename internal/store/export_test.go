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

// RawInboxSecret reads an inbox's identity_secret column as stored.
func (s *Store) RawInboxSecret(ctx context.Context, id string) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, `SELECT identity_secret FROM inboxes WHERE id = ?`, id).Scan(&v)
	return v, err
}

// SetRawInboxSecret stores v as an inbox's identity_secret column, as a kefu before encryption
// (or someone with write access to the database file) would.
func (s *Store) SetRawInboxSecret(ctx context.Context, id, v string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`UPDATE inboxes SET identity_secret = ? WHERE id = ?`, v, id)
		return err
	})
}

// RawColumn returns the stored value of table.column in row id, as the database holds it.
func (s *Store) RawColumn(ctx context.Context, table, column, id string) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, `SELECT `+column+` FROM `+table+` WHERE id = ?`, id).Scan(&v)
	return v, err
}

// SetRawColumn stores v as table.column of row id, as a kefu before encryption would have.
func (s *Store) SetRawColumn(ctx context.Context, table, column, id, v string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`UPDATE `+table+` SET `+column+` = ? WHERE id = ?`, v, id)
		return err
	})
}

// ExecRaw runs one statement in a write transaction, for upgrade tests that must write rows
// the way an older kefu did, into tables whose current INSERT names columns not there yet.
func (s *Store) ExecRaw(ctx context.Context, query string, args ...any) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(query, args...)
		return err
	})
}

// RawPlatformToken returns the token column of platform token key as the database holds it.
func (s *Store) RawPlatformToken(ctx context.Context, key string) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, `SELECT token FROM platform_tokens WHERE key = ?`, key).Scan(&v)
	return v, err
}

// SetRawPlatformToken stores v as the token column of key, as someone with write access to
// the database might.
func (s *Store) SetRawPlatformToken(ctx context.Context, key, v string) error {
	return s.ExecRaw(ctx, `UPDATE platform_tokens SET token = ? WHERE key = ?`, v, key)
}

// RawLLMKey returns an organisation's language-model key as the database holds it.
func (s *Store) RawLLMKey(ctx context.Context, orgID string) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, `SELECT api_key FROM bot_llm WHERE org_id = ?`, orgID).Scan(&v)
	return v, err
}
