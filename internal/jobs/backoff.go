package jobs

import (
	"math/rand/v2"
	"time"
)

// Backoff is exponential backoff with jitter: the delay after attempt n is drawn uniformly from
// [d/2, d] where d = Base·2^(n-1), at most Max. The jitter spreads the retries of many jobs
// that failed together (a receiver that was down) instead of sending them back in one wave.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// DefaultBackoff retries after about 5s, 10s, 20s, ... up to 6 hours between attempts.
var DefaultBackoff = Backoff{Base: 5 * time.Second, Max: 6 * time.Hour}

// Delay returns the wait after the given failed attempt (1 for the first).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
