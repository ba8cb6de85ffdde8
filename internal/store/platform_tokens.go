package store

import (
	"context"
	"crypto/subtle"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// platformTokenColumn is the sealed access token, bound to its key: a token copied under
// another account's key does not open.
var platformTokenColumn = sealedColumn{"platform_tokens", "token", "key"}

// PlatformToken returns the access token stored under key, or kefu.ErrNotFound when there is
// no row. A row taken by a lease before any token was saved has Token "" (and its lease in
// RefreshingUntil); zero times mean none.
func (s *Store) PlatformToken(ctx context.Context, key string) (kefu.PlatformToken, error) {
	if err := checkTokenKey(key); err != nil {
		return kefu.PlatformToken{}, err
	}
	var (
		sealed           string
		expires, leaseTo int64
	)
	err := s.reader().queryRow(ctx, `SELECT token, expires_at, refreshing_until FROM platform_tokens WHERE key = ?`, key).
		Scan(&sealed, &expires, &leaseTo)
	if err != nil {
		return kefu.PlatformToken{}, dbError(err)
	}
	token, err := s.openValue(ctx, platformTokenColumn, key, sealed)
	if err != nil {
		return kefu.PlatformToken{}, err
	}
	return kefu.PlatformToken{Key: key, Token: token, ExpiresAt: fromZeroMicros(expires), RefreshingUntil: fromZeroMicros(leaseTo)}, nil
}

// fromZeroMicros is fromMicros with 0 read as the zero time ("none").
func fromZeroMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMicros(v)
}

// checkTokenKey refuses an empty key, which would make every account share one token.
func checkTokenKey(key string) error {
	if key == "" {
		return kefu.FieldError("key", "a platform token needs a key")
	}
	return nil
}

// LeasePlatformTokenRefresh takes the lease to refresh the token of key until until, when no
// one holds it at now (its refreshing_until is before now), creating the row when missing. It
// is one conditional write, so of two processes asking at once exactly one gets true.
func (s *Store) LeasePlatformTokenRefresh(ctx context.Context, key string, now, until time.Time) (bool, error) {
	if err := checkTokenKey(key); err != nil {
		return false, err
	}
	if !until.After(now) {
		return false, kefu.FieldError("until", "a refresh lease must end after it starts")
	}
	var took bool
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`INSERT INTO platform_tokens (key, token, expires_at, refreshing_until) VALUES (?, '', 0, ?)
			ON CONFLICT (key) DO UPDATE SET refreshing_until = excluded.refreshing_until
			WHERE platform_tokens.refreshing_until < ?`, key, micros(until), micros(now))
		took, err = affected(res, err)
		return err
	})
	return took, err
}

// affected reports whether a statement changed a row.
func affected(res interface{ RowsAffected() (int64, error) }, err error) (bool, error) {
	if err != nil {
		return false, dbError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, kefu.Internal(err)
	}
	return n > 0, nil
}

// SavePlatformToken stores token (sealed) as the token of key, valid until expiresAt, and
// releases the refresh lease.
func (s *Store) SavePlatformToken(ctx context.Context, key, token string, expiresAt time.Time) error {
	if err := checkTokenKey(key); err != nil {
		return err
	}
	if token == "" || expiresAt.IsZero() {
		return kefu.FieldError("token", "a platform token needs a value and an expiry")
	}
	return s.write(ctx, func(t *Tx) error {
		sealed, err := s.sealValue(t, platformTokenColumn, key, token)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO platform_tokens (key, token, expires_at, refreshing_until) VALUES (?, ?, ?, 0)
			ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at, refreshing_until = 0`,
			key, sealed, micros(expiresAt))
		return dbError(err)
	})
}

// ExpirePlatformToken marks the token of key expired, but only while it is still token: after
// the platform refused token (40001, 42001…), a process that already saved a newer one keeps it.
// No row, or another token, is not an error.
func (s *Store) ExpirePlatformToken(ctx context.Context, key, token string) error {
	if err := checkTokenKey(key); err != nil {
		return err
	}
	return s.write(ctx, func(t *Tx) error {
		sealed, err := t.lockedToken(key)
		if err != nil || sealed == "" {
			return ignoreNotFound(err)
		}
		plain, err := s.openValue(t.ctx, platformTokenColumn, key, sealed)
		if err != nil || subtle.ConstantTimeCompare([]byte(plain), []byte(token)) != 1 {
			return err
		}
		// Sealed values differ on every seal, so the row is matched on the value read.
		_, err = t.exec(`UPDATE platform_tokens SET expires_at = ? WHERE key = ? AND token = ?`,
			micros(t.now)-1, key, sealed)
		return dbError(err)
	})
}

// lockedToken reads the sealed token of key, locking its row on PostgreSQL until commit.
func (t *Tx) lockedToken(key string) (string, error) {
	var sealed string
	err := t.c.queryRow(t.ctx, `SELECT token FROM platform_tokens WHERE key = ?`+t.c.d.forUpdate(), key).Scan(&sealed)
	return sealed, dbError(err)
}
