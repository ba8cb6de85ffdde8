package kefu

import "time"

// LoginFailures is the failed sign-in count of one subject (an account, a client address or a
// known device) since its failures were last forgotten or reset.
type LoginFailures struct {
	Subject      string
	Failures     int
	LastFailedAt time.Time
}
