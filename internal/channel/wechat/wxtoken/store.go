package wxtoken

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the cache needs of the database; the store implements it, sealing the token.
type Store interface {
	// PlatformToken returns key's token; kefu.ErrNotFound when there is none.
	PlatformToken(ctx context.Context, key string) (kefu.PlatformToken, error)
	// LeasePlatformTokenRefresh takes the refresh lease of key until `until` when nobody holds
	// an unexpired one (creating the row if needed); false when another process holds it.
	LeasePlatformTokenRefresh(ctx context.Context, key string, now, until time.Time) (bool, error)
	// SavePlatformToken stores key's new token and ends the lease.
	SavePlatformToken(ctx context.Context, key, token string, expiresAt time.Time) error
	// ExpirePlatformToken marks key's token expired if it is still `token` (compare-and-set,
	// so a process reporting an old token does not throw away a fresh one).
	ExpirePlatformToken(ctx context.Context, key, token string) error
}

// Fetch asks the platform for a new token and how long it is valid.
type Fetch func(ctx context.Context) (token string, expiresIn time.Duration, err error)

// IsTokenError reports whether a platform errcode means the access token kefu sent is no
// longer good, so it must be invalidated and the call made again with a new one:
// 40001 (invalid credential, e.g. a token another fetch replaced), 40014 (invalid
// access_token) and 42001 (access_token expired). 42007 is left out: it is the OAuth user
// token's "user changed the password", not the app's access_token.
func IsTokenError(errcode int) bool {
	switch errcode {
	case 40001, 40014, 42001:
		return true
	}
	return false
}
