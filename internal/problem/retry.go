package problem

import (
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The Retry-After policy, the only place kefu decides how long a refused client should wait.
// REST answers send it as Retry-After (429 and 503), and the WebSocket's over-capacity close
// (1013) as retry_after= in its reason. A kefu.Error may carry a hint of its own for its caller
// (a login lockout's remaining time), which replaces the policy's value.
const (
	// retryCaller is for rate_limited: this caller alone went too fast, and its budget (the
	// realtime frame rate, tens per second) refills within a second.
	retryCaller = time.Second
	// retryServer is for overloaded and unavailable: the whole server is refusing, so every
	// refused client got the same answer at about the same moment. A few seconds, which clients
	// spread with jitter, let the backlog drain or a restarting node come back instead of the
	// same wave of retries meeting it again.
	retryServer = 5 * time.Second
)

// RetryAfter returns how long a client refused with code should wait before trying again, and
// 0 for codes that retrying the same request will not fix (no Retry-After is sent).
func RetryAfter(code kefu.Code) time.Duration {
	switch code {
	case kefu.CodeRateLimited:
		return retryCaller
	case kefu.CodeOverloaded, kefu.CodeUnavailable:
		return retryServer
	}
	return 0
}

// Seconds returns d in whole seconds for Retry-After or retry_after=, rounded up so a client
// never comes back early (and a hint under a second is not sent as 0, "retry at once").
func Seconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}
