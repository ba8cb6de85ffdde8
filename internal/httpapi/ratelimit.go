package httpapi

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimits are the per-client request budgets of the public endpoints, each in requests per
// minute: a client may spend a minute's allowance at once and then refills steadily. Zero turns
// a limit off.
type RateLimits struct {
	IP       int // per client address, requests without credentials (widget config and sessions, file links, setup)
	Sessions int // per client address, widget sessions opened (each may create a contact)
	Visitor  int // per visitor (contact in an inbox), requests with a visitor token
	Uploads  int // per visitor, attachment uploads
	Token    int // per API token
	// MaxKeys bounds the clients each limit remembers; zero = 100,000. Past it the oldest are
	// forgotten, so a spray of addresses costs bounded memory (and a forgotten client merely
	// starts with a fresh allowance).
	MaxKeys int
}

// defaultMaxKeys is MaxKeys when unset: about 20 MB per limit at its fullest.
const defaultMaxKeys = 100_000

// keyedLimiter is a token bucket per client key with bounded memory. Keys live in two
// generations: when the current one fills half of maxKeys, the previous one is dropped and the
// current becomes previous. A key seen again moves to the current generation, so active
// clients keep their bucket and idle ones age out, with no timers or sweeps.
type keyedLimiter struct {
	limit   rate.Limit
	burst   int
	maxKeys int

	mu        sync.Mutex
	cur, prev map[string]*rate.Limiter
}

// newKeyedLimiter returns a limiter of perMinute requests per key, or nil when perMinute is 0.
func newKeyedLimiter(perMinute, maxKeys int) *keyedLimiter {
	if perMinute <= 0 {
		return nil
	}
	if maxKeys <= 0 {
		maxKeys = defaultMaxKeys
	}
	return &keyedLimiter{
		limit: rate.Limit(float64(perMinute) / 60), burst: perMinute, maxKeys: max(maxKeys, 2),
		cur: map[string]*rate.Limiter{}, prev: map[string]*rate.Limiter{},
	}
}

// wait takes one request from key's bucket at now. It returns 0 when the request may go
// ahead, else how long until it would be allowed (nothing is taken then). A nil limiter allows
// everything.
func (l *keyedLimiter) wait(key string, now time.Time) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.bucket(key).ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// bucket returns key's bucket, moving it to the current generation. Callers hold mu.
func (l *keyedLimiter) bucket(key string) *rate.Limiter {
	if b, ok := l.cur[key]; ok {
		return b
	}
	b, ok := l.prev[key]
	if !ok {
		b = rate.NewLimiter(l.limit, l.burst)
	}
	delete(l.prev, key)
	if len(l.cur) >= l.maxKeys/2 {
		l.prev, l.cur = l.cur, make(map[string]*rate.Limiter, len(l.cur))
	}
	l.cur[key] = b
	return b
}

// size is how many keys the limiter remembers.
func (l *keyedLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.cur) + len(l.prev)
}
