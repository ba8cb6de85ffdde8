package channel

import (
	"sync"
	"time"
)

// Memo remembers a platform's answers about senders (a WeChat UnionID, a WeCom customer's
// profile) for ttl, at most size of them, so an adapter asks a platform with a daily quota
// about each sender at most once per ttl and process. When full, the expired entries go, and
// if none has expired the whole memo is dropped: cheaper than tracking age order, and the cost
// is only some repeated questions. Safe for concurrent use.
type Memo[V any] struct {
	mu      sync.Mutex
	size    int
	ttl     time.Duration
	entries map[string]memoEntry[V]
}

type memoEntry[V any] struct {
	v  V
	at time.Time
}

// NewMemo returns an empty memo of at most size entries, each kept for ttl.
func NewMemo[V any](size int, ttl time.Duration) *Memo[V] {
	return &Memo[V]{size: size, ttl: ttl, entries: map[string]memoEntry[V]{}}
}

// Get returns key's answer when it was put less than ttl before now.
func (m *Memo[V]) Get(key string, now time.Time) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || now.Sub(e.at) > m.ttl {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Put remembers v for key as of now.
func (m *Memo[V]) Put(key string, v V, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) >= m.size {
		m.evict(now)
	}
	m.entries[key] = memoEntry[V]{v: v, at: now}
}

// Len is the number of entries held, expired or not.
func (m *Memo[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}

func (m *Memo[V]) evict(now time.Time) {
	for k, e := range m.entries {
		if now.Sub(e.at) > m.ttl {
			delete(m.entries, k)
		}
	}
	if len(m.entries) >= m.size {
		clear(m.entries)
	}
}
