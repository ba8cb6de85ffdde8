package kefu

import "time"

// TOTP is an agent's time-based one-time password enrolment. Until Enabled, it is an enrolment
// waiting to be confirmed with a code and changes nothing about signing in.
type TOTP struct {
	OrgID   string
	AgentID string
	// Secret is the shared key, base32 as authenticator apps take it. It is a credential: the
	// store seals it at rest and it is never sent again after enrolment.
	Secret  string
	Enabled bool
	// LastStep is the latest 30-second time step a code was accepted for; codes of that step
	// and earlier are refused, so each code signs in once.
	LastStep  int64
	CreatedAt time.Time
	EnabledAt *time.Time
}
