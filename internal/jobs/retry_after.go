package jobs

import (
	"errors"
	"time"
)

// retryAfter marks an error whose handler chose when the job runs again.
type retryAfter struct {
	err   error
	delay time.Duration
}

func (r retryAfter) Error() string { return r.err.Error() }
func (r retryAfter) Unwrap() error { return r.err }

// RetryAfter wraps err so the job runs again after d instead of the runner's backoff: for a
// handler with a retry policy of its own (a platform's Retry-After, a per-kind backoff).
func RetryAfter(err error, d time.Duration) error { return retryAfter{err: err, delay: max(d, 0)} }

// chosenDelay returns the delay a handler chose with RetryAfter, if it did.
func chosenDelay(err error) (time.Duration, bool) {
	var r retryAfter
	if errors.As(err, &r) {
		return r.delay, true
	}
	return 0, false
}
