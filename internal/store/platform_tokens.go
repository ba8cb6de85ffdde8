package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// PlatformToken returns the access token stored under key, or kefu.ErrNotFound when there is
// no row. A row taken by a lease before any token was saved has Token "" (and its lease in
// RefreshingUntil); zero times mean none.
func (s *Store) PlatformToken(ctx context.Context, key string) (kefu.PlatformToken, error) {
	return kefu.PlatformToken{}, kefu.Errorf(kefu.CodeInternal, "not implemented")
}

// LeasePlatformTokenRefresh takes the lease to refresh the token of key until until, when no
// one holds it at now (its refreshing_until is before now), creating the row when missing. It
// is one conditional write, so of two processes asking at once exactly one gets true.
func (s *Store) LeasePlatformTokenRefresh(ctx context.Context, key string, now, until time.Time) (bool, error) {
	return false, kefu.Errorf(kefu.CodeInternal, "not implemented")
}

// SavePlatformToken stores token (sealed) as the token of key, valid until expiresAt, and
// releases the refresh lease.
func (s *Store) SavePlatformToken(ctx context.Context, key, token string, expiresAt time.Time) error {
	return kefu.Errorf(kefu.CodeInternal, "not implemented")
}

// ExpirePlatformToken marks the token of key expired, but only while it is still token: after
// the platform refused token (40001, 42001…), a process that already saved a newer one keeps it.
// No row, or another token, is not an error.
func (s *Store) ExpirePlatformToken(ctx context.Context, key, token string) error {
	return kefu.Errorf(kefu.CodeInternal, "not implemented")
}
