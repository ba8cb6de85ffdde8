package wxtoken

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The defaults of Options.
const (
	DefaultEarly = 5 * time.Minute
	DefaultLease = 30 * time.Second
	DefaultWait  = 200 * time.Millisecond
)

// Options configure a Cache.
type Options struct {
	Store Store
	Now   func() time.Time // default time.Now
	// Early is how long before its expiry a token is refreshed (default 5m), so a call never
	// goes out with a token about to lapse on the way.
	Early time.Duration
	// Lease is how long a refresher may take before another process may try (default 30s).
	Lease time.Duration
	// Wait is how often a process polls the store while another refreshes (default 200ms).
	Wait time.Duration
}

// Cache hands out access tokens: from a small in-process memo, else from the store, else by
// fetching a new one under the store's refresh lease. It is safe for concurrent use.
type Cache struct {
	o    Options
	mu   sync.Mutex
	memo map[string]kefu.PlatformToken
}

// New makes a Cache over o.Store.
func New(o Options) *Cache {
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Early = orDefault(o.Early, DefaultEarly)
	o.Lease = orDefault(o.Lease, DefaultLease)
	o.Wait = orDefault(o.Wait, DefaultWait)
	return &Cache{o: o, memo: map[string]kefu.PlatformToken{}}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Token returns key's access token, calling fetch only when this process holds the refresh
// lease and no fresh token is stored. While another process refreshes, Token polls the
// store until that one saved (or its lease lapsed), bounded by ctx.
func (c *Cache) Token(ctx context.Context, key string, fetch Fetch) (string, error) {
	if key == "" || fetch == nil {
		return "", errors.New("wxtoken: Token needs a key and a fetch")
	}
	if t, ok := c.memoized(key); ok {
		return t, nil
	}
	for {
		t, done, err := c.attempt(ctx, key, fetch)
		if done || err != nil {
			return t, err
		}
		if err := c.pause(ctx); err != nil {
			return "", err
		}
	}
}

// attempt makes one pass: the stored token if fresh, else a fetch under the lease, else the
// still-valid stored token while another process refreshes it early. done is false when
// the caller must wait for the other refresher.
func (c *Cache) attempt(ctx context.Context, key string, fetch Fetch) (string, bool, error) {
	stored, err := c.read(ctx, key)
	if err != nil {
		return "", false, err
	}
	now := c.o.Now()
	if c.fresh(stored, now) {
		c.remember(key, stored)
		return stored.Token, true, nil
	}
	leased, err := c.o.Store.LeasePlatformTokenRefresh(ctx, key, now, now.Add(c.o.Lease))
	if err != nil {
		return "", false, fmt.Errorf("wxtoken: lease %s: %w", key, err)
	}
	if leased {
		t, err := c.refreshLeased(ctx, key, fetch)
		return t, true, err
	}
	if stored.Token != "" && stored.ExpiresAt.After(now) {
		return stored.Token, true, nil
	}
	return "", false, nil
}

// refreshLeased reads the store once more before fetching: another process may have saved
// (and so ended its lease) between this one's read and its lease, and a second fetch would
// replace the token it just handed out. The lease is then ended by saving that token again
// unchanged, so a refusal reported soon after need not wait for the lease to lapse.
func (c *Cache) refreshLeased(ctx context.Context, key string, fetch Fetch) (string, error) {
	stored, err := c.read(ctx, key)
	if err != nil {
		return "", err
	}
	if !c.fresh(stored, c.o.Now()) {
		return c.refresh(ctx, key, fetch)
	}
	if err := c.o.Store.SavePlatformToken(ctx, key, stored.Token, stored.ExpiresAt); err != nil {
		return "", fmt.Errorf("wxtoken: release %s: %w", key, err)
	}
	c.remember(key, stored)
	return stored.Token, nil
}

// refresh fetches a new token and saves it, which ends this process's lease. A failed fetch
// leaves the lease to lapse, so a platform that refuses is not asked by every process at once.
func (c *Cache) refresh(ctx context.Context, key string, fetch Fetch) (string, error) {
	token, expiresIn, err := fetch(ctx)
	if err != nil {
		return "", fmt.Errorf("wxtoken: fetch %s: %w", key, err)
	}
	if token == "" || expiresIn <= 0 {
		return "", fmt.Errorf("wxtoken: fetch %s: the platform returned no token or no lifetime", key)
	}
	t := kefu.PlatformToken{Key: key, Token: token, ExpiresAt: c.o.Now().Add(expiresIn)}
	if err := c.o.Store.SavePlatformToken(ctx, key, token, t.ExpiresAt); err != nil {
		return "", fmt.Errorf("wxtoken: save %s: %w", key, err)
	}
	c.remember(key, t)
	return token, nil
}

// Invalidate reports that the platform refused token (IsTokenError): the memo forgets it and
// the store expires it unless another process already replaced it, so the next Token fetches.
func (c *Cache) Invalidate(ctx context.Context, key, token string) error {
	c.mu.Lock()
	if c.memo[key].Token == token {
		delete(c.memo, key)
	}
	c.mu.Unlock()
	if err := c.o.Store.ExpirePlatformToken(ctx, key, token); err != nil {
		return fmt.Errorf("wxtoken: expire %s: %w", key, err)
	}
	return nil
}

// read returns key's stored token, the zero token when there is none.
func (c *Cache) read(ctx context.Context, key string) (kefu.PlatformToken, error) {
	t, err := c.o.Store.PlatformToken(ctx, key)
	if err != nil && !kefu.IsNotFound(err) {
		return kefu.PlatformToken{}, fmt.Errorf("wxtoken: read %s: %w", key, err)
	}
	return t, nil
}

// fresh reports whether t outlives now by more than Early.
func (c *Cache) fresh(t kefu.PlatformToken, now time.Time) bool {
	return t.Token != "" && t.ExpiresAt.After(now.Add(c.o.Early))
}

func (c *Cache) memoized(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.memo[key]
	if !ok || !c.fresh(t, c.o.Now()) {
		return "", false
	}
	return t.Token, true
}

func (c *Cache) remember(key string, t kefu.PlatformToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.memo[key] = t
}

// pause waits one poll interval, or returns ctx's error.
func (c *Cache) pause(ctx context.Context) error {
	timer := time.NewTimer(c.o.Wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
