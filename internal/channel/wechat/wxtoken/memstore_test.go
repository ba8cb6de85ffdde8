package wxtoken

import (
	"context"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// memStore is an in-memory test double of the store's platform_tokens table, for the unit
// tests of the cache's own logic; the real store is exercised in realstore_test.go.
type memStore struct {
	mu     sync.Mutex
	tokens map[string]kefu.PlatformToken
}

func newMemStore() *memStore { return &memStore{tokens: map[string]kefu.PlatformToken{}} }

func (m *memStore) PlatformToken(_ context.Context, key string) (kefu.PlatformToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[key]
	if !ok {
		return kefu.PlatformToken{}, kefu.ErrNotFound
	}
	return t, nil
}

func (m *memStore) LeasePlatformTokenRefresh(_ context.Context, key string, now, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tokens[key]
	if t.RefreshingUntil.After(now) {
		return false, nil
	}
	t.Key, t.RefreshingUntil = key, until
	m.tokens[key] = t
	return true, nil
}

func (m *memStore) SavePlatformToken(_ context.Context, key, token string, expiresAt time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[key] = kefu.PlatformToken{Key: key, Token: token, ExpiresAt: expiresAt}
	return nil
}

func (m *memStore) ExpirePlatformToken(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.tokens[key]; ok && t.Token == token {
		t.ExpiresAt = time.Time{}
		m.tokens[key] = t
	}
	return nil
}
