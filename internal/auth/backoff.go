package auth

import (
	"container/list"
	"fmt"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Login backoff tuning. Five free attempts cover typos; after that each failure doubles the
// lockout from one second up to fifteen minutes, which caps online guessing at a few attempts an
// hour per email and per address while a real user who typed wrong waits seconds.
const (
	backoffFreeFailures = 5
	backoffBase         = time.Second
	backoffMax          = 15 * time.Minute
	// backoffForget is how long after its last failure an entry is dropped, so an old burst of
	// typos does not lock a user out on the first mistake next week.
	backoffForget = time.Hour
	// defaultBackoffEntries bounds memory under a spray of distinct emails or addresses; the
	// least recently failed entries are evicted first.
	defaultBackoffEntries = 100_000
)

// backoff counts failed logins per key ("email:..." and "ip:...") in a bounded LRU map.
type backoff struct {
	mu      sync.Mutex
	now     func() time.Time
	max     int
	entries map[string]*list.Element
	order   *list.List // front = most recently failed
}

// backoffEntry is the failure record of one key.
type backoffEntry struct {
	key         string
	failures    int
	lastFailure time.Time
	lockedUntil time.Time
}

// newBackoff returns an empty backoff holding at most max keys.
func newBackoff(now func() time.Time, max int) *backoff {
	return &backoff{now: now, max: max, entries: make(map[string]*list.Element), order: list.New()}
}

// wait returns how long the longest lockout among keys still lasts; 0 means go ahead.
func (b *backoff) wait(keys ...string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	var longest time.Duration
	for _, k := range keys {
		if el, ok := b.entries[k]; ok {
			longest = max(longest, el.Value.(*backoffEntry).lockedUntil.Sub(now))
		}
	}
	return longest
}

// fail records a failed attempt for each key and locks keys past the free failures.
func (b *backoff) fail(keys ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	for _, k := range keys {
		e := b.entry(k, now)
		e.failures++
		e.lastFailure = now
		if e.failures >= backoffFreeFailures {
			e.lockedUntil = now.Add(lockout(e.failures))
		}
	}
}

// reset forgets the failures of key.
func (b *backoff) reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if el, ok := b.entries[key]; ok {
		b.order.Remove(el)
		delete(b.entries, key)
	}
}

// entry returns the live entry for key, creating it (and evicting the oldest) as needed. The
// caller holds mu.
func (b *backoff) entry(key string, now time.Time) *backoffEntry {
	if el, ok := b.entries[key]; ok {
		e := el.Value.(*backoffEntry)
		if now.Sub(e.lastFailure) > backoffForget && !now.Before(e.lockedUntil) {
			*e = backoffEntry{key: key}
		}
		b.order.MoveToFront(el)
		return e
	}
	for b.order.Len() >= b.max {
		oldest := b.order.Back()
		b.order.Remove(oldest)
		delete(b.entries, oldest.Value.(*backoffEntry).key)
	}
	e := &backoffEntry{key: key}
	b.entries[key] = b.order.PushFront(e)
	return e
}

// lockout is the lock after the n-th consecutive failure: 1 s at the fifth, doubling, capped.
func lockout(n int) time.Duration {
	shift := n - backoffFreeFailures
	if shift >= 20 { // 2^20 s is far past the cap; stop before the shift overflows
		return backoffMax
	}
	return min(backoffBase<<shift, backoffMax)
}

// rateLimited returns the rate_limited error for a lockout of d, rounded up to whole seconds.
// The error carries d as its retry hint, which the transports send as Retry-After.
func rateLimited(d time.Duration) *kefu.Error {
	d = (d + time.Second - 1).Truncate(time.Second)
	return &kefu.Error{
		Code:       kefu.CodeRateLimited,
		Message:    fmt.Sprintf("too many failed sign-in attempts; try again in %s", d),
		RetryAfter: d,
	}
}
