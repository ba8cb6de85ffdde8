package auth

import (
	"errors"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// asKefu is errors.As for *kefu.Error.
func asKefu(err error, target **kefu.Error) bool { return errors.As(err, target) }

// retryAfter is the retry hint err carries, 0 without one.
func retryAfter(err error) time.Duration {
	var e *kefu.Error
	if asKefu(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// testPasswordParams are the cheap hashing parameters of authtest.PasswordParams, which this
// package's own tests cannot import (authtest imports auth).
var testPasswordParams = PasswordParams{Time: 1, MemoryKiB: 64, Threads: 1}

// fakeClock is a settable clock for tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
