package store

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DataKeys returns every wrapped data-encryption key, oldest first.
func (s *Store) DataKeys(ctx context.Context) ([]kefu.DataKey, error) {
	rows, err := s.reader().query(ctx, `SELECT id, kek_id, wrapped, is_current, created_at FROM data_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	keys := []kefu.DataKey{}
	for rows.Next() {
		var (
			k       kefu.DataKey
			wrapped string
			created int64
		)
		if err := rows.Scan(&k.ID, &k.KEKID, &wrapped, &k.Current, &created); err != nil {
			return nil, kefu.Internal(err)
		}
		if k.Wrapped, err = base64.StdEncoding.DecodeString(wrapped); err != nil {
			return nil, kefu.Internal(fmt.Errorf("data key %s: %w", k.ID, err))
		}
		k.CreatedAt = fromMicros(created)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	return keys, nil
}

// AddDataKey stores a wrapped data key. A current key replaces the current one in the same
// transaction; should another current key have been added meanwhile (two nodes starting on an
// empty database), the unique index refuses the second with conflict.
func (s *Store) AddDataKey(ctx context.Context, k kefu.DataKey) error {
	return s.write(ctx, func(t *Tx) error {
		if k.Current {
			if _, err := t.exec(`UPDATE data_keys SET is_current = FALSE WHERE is_current`); err != nil {
				return dbError(err)
			}
		}
		_, err := t.exec(`INSERT INTO data_keys (id, kek_id, wrapped, is_current, created_at) VALUES (?, ?, ?, ?, ?)`,
			k.ID, k.KEKID, base64.StdEncoding.EncodeToString(k.Wrapped), k.Current, micros(orNow(k.CreatedAt, s.now())))
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "another data key was added at the same time")
		}
		return dbError(err)
	})
}

// RewrapDataKeys replaces the wrapped form and KEK id of the given keys in one transaction. It
// fails with conflict when any key in the database is no longer wrapped by fromKEK (another
// rotation got there first), so no key is ever left under a KEK nobody holds.
func (s *Store) RewrapDataKeys(ctx context.Context, fromKEK string, keys []kefu.DataKey) error {
	return s.write(ctx, func(t *Tx) error {
		others, err := t.keysWrappedByOthers(fromKEK)
		if err != nil {
			return err
		}
		if others > 0 {
			return kefu.Errorf(kefu.CodeConflict, "%d data key(s) are wrapped by another master key; was the master key rotated concurrently?", others)
		}
		for _, k := range keys {
			if err := mustAffect(t.exec(`UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE id = ? AND kek_id = ?`,
				k.KEKID, base64.StdEncoding.EncodeToString(k.Wrapped), k.ID, fromKEK)); err != nil {
				return err
			}
		}
		return nil
	})
}

// keysWrappedByOthers locks every data key row (on PostgreSQL) and counts those not wrapped by
// kekID. PostgreSQL refuses FOR UPDATE with an aggregate, hence the count in Go.
func (t *Tx) keysWrappedByOthers(kekID string) (int, error) {
	rows, err := t.c.query(t.ctx, `SELECT kek_id FROM data_keys`+t.c.d.forUpdate())
	if err != nil {
		return 0, kefu.Internal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, kefu.Internal(err)
		}
		if id != kekID {
			n++
		}
	}
	return n, dbError(rows.Err())
}
