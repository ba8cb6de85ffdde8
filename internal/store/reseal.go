package store

import (
	"context"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/keyring"
)

// staleRow is a sealed column's value that is not under the current data key.
type staleRow struct{ id, value string }

// staleWhere selects the values of a sealed column that are not sealed under key keyID: legacy
// plaintext and values of older keys. Key ids are hex, so the prefix has no LIKE wildcards.
func staleWhere(c sealedColumn) string {
	return c.column + ` <> '' AND ` + c.column + ` NOT LIKE ?`
}

// ResealStep reseals, in one write, up to limit values of the sealed columns that are not under
// the current data key, and returns how many it changed. Legacy plaintext is sealed the same
// way. Run it until it returns 0; it is resumable, because what is left to do is read from the
// data itself each time.
func (s *Store) ResealStep(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, kefu.Errorf(kefu.CodeInvalid, "reseal batch size must be positive")
	}
	var n int
	err := s.write(ctx, func(t *Tx) error {
		n = 0
		keyID, err := t.currentDataKey()
		if err != nil {
			return err
		}
		for _, c := range sealedColumns() {
			done, err := s.resealColumn(t, c, keyID, limit-n)
			n += done
			if err != nil || n >= limit {
				return err
			}
		}
		return nil
	})
	return n, err
}

// resealColumn reseals up to limit stale values of column c under key keyID.
func (s *Store) resealColumn(t *Tx, c sealedColumn, keyID string, limit int) (int, error) {
	stale, err := t.staleRows(c, keyID, limit)
	if err != nil {
		return 0, err
	}
	for _, r := range stale {
		plain, err := s.openValue(t.ctx, c, r.id, r.value)
		if err != nil {
			return 0, err
		}
		sealed, err := s.sealValue(t, c, r.id, plain)
		if err != nil {
			return 0, err
		}
		if _, err := t.exec(`UPDATE `+c.table+` SET `+c.column+` = ? WHERE `+c.id+` = ? AND `+c.column+` = ?`, sealed, r.id, r.value); err != nil {
			return 0, dbError(err)
		}
	}
	return len(stale), nil
}

// staleRows reads (and on PostgreSQL locks) up to limit stale values of column c.
func (t *Tx) staleRows(c sealedColumn, keyID string, limit int) ([]staleRow, error) {
	rows, err := t.c.query(t.ctx, `SELECT `+c.id+`, `+c.column+` FROM `+c.table+` WHERE `+staleWhere(c)+
		` ORDER BY `+c.id+` LIMIT ?`+t.c.d.forUpdate(), keyring.Prefix(keyID)+"%", limit)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []staleRow
	for rows.Next() {
		var r staleRow
		if err := rows.Scan(&r.id, &r.value); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, r)
	}
	return out, dbError(rows.Err())
}

// CountStale returns how many values of the sealed columns are not under the current data key:
// what a rotation still has to reseal, or plaintext left by an older kefu.
func (s *Store) CountStale(ctx context.Context) (int, error) {
	var keyID string
	if err := s.reader().queryRow(ctx, `SELECT id FROM data_keys WHERE is_current`).Scan(&keyID); err != nil {
		return 0, kefu.Internal(fmt.Errorf("current data key: %w", dbError(err)))
	}
	total := 0
	for _, c := range sealedColumns() {
		var n int
		err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM `+c.table+` WHERE `+staleWhere(c), keyring.Prefix(keyID)+"%").Scan(&n)
		if err != nil {
			return 0, kefu.Internal(err)
		}
		total += n
	}
	return total, nil
}

// MigrateSealed seals every plaintext value of the sealed columns (and reseals any under an
// older key), in batches of batch values through the writer. Idempotent: the server runs it on
// every start, and it finds nothing to do once done.
func (s *Store) MigrateSealed(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		n, err := s.ResealStep(ctx, batch)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// RetireDataKeys deletes, in one write, every data key but the current one that no sealed value
// names any more, and returns the ids it deleted and those still in use. Deleting inside the
// writer's transaction keeps it atomic with respect to writes on SQLite; on PostgreSQL no write
// can pick a non-current key after the switch (see currentDataKey).
func (s *Store) RetireDataKeys(ctx context.Context) (retired, inUse []string, err error) {
	err = s.write(ctx, func(t *Tx) error {
		retired, inUse = nil, nil
		ids, err := t.oldDataKeys()
		if err != nil {
			return err
		}
		for _, id := range ids {
			used, err := t.keyInUse(id)
			if err != nil {
				return err
			}
			if used {
				inUse = append(inUse, id)
				continue
			}
			if _, err := t.exec(`DELETE FROM data_keys WHERE id = ? AND NOT is_current`, id); err != nil {
				return dbError(err)
			}
			retired = append(retired, id)
		}
		return nil
	})
	return retired, inUse, err
}

// oldDataKeys returns the ids of the data keys that are not current.
func (t *Tx) oldDataKeys() ([]string, error) {
	return t.c.strings(t.ctx, `SELECT id FROM data_keys WHERE NOT is_current ORDER BY created_at, id`+t.c.d.forUpdate())
}

// keyInUse reports whether any sealed value names data key id.
func (t *Tx) keyInUse(id string) (bool, error) {
	for _, c := range sealedColumns() {
		var one int
		err := t.c.queryRow(t.ctx, `SELECT 1 FROM `+c.table+` WHERE `+c.column+` LIKE ? LIMIT 1`, keyring.Prefix(id)+"%").Scan(&one)
		if err == nil {
			return true, nil
		}
		if err := dbError(err); !kefu.IsNotFound(err) {
			return false, err
		}
	}
	return false, nil
}

// ScrubFreed rewrites a SQLite database so that the values a reseal replaced (plaintext an older
// kefu left) no longer linger in free pages or in the write-ahead log: the log is checkpointed
// and truncated, the file rebuilt by VACUUM, and the log truncated again. It runs on the writer's
// one connection, between batches. PostgreSQL is left to autovacuum, which removes old row
// versions in time; see docs/security.md.
func (s *Store) ScrubFreed(ctx context.Context) error {
	if s.d.name != DialectSQLite {
		return nil
	}
	for _, stmt := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `VACUUM`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := s.wdb.ExecContext(ctx, stmt); err != nil {
			return kefu.Internal(fmt.Errorf("scrub freed pages: %s: %w", stmt, err))
		}
	}
	return nil
}
