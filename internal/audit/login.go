package audit

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Actions recorded by the audit package itself.
const (
	ActionLoginFailedUnknown = "auth.login_failed_unknown"
	ActionExported           = "audit.exported"
)

// RecordUnknownLogin records a failed sign-in with an email no agent has. Anyone can send those
// as fast as the network allows, so the installation's chain gets at most one entry per client
// address per minute, for at most MaxUnknownLoginIPs addresses a minute; the rest are counted
// in the logs only. Failures for existing accounts are recorded one by one in their
// organisation's chain by the caller; the sign-in backoff bounds those.
func (s *Service) RecordUnknownLogin(ctx context.Context, ip string) {
	first, overflow := s.unknown.add(s.now(), ip)
	if overflow {
		s.log.WarnContext(ctx, "failed sign-ins from too many addresses this minute; not all are audited")
	}
	if !first {
		return
	}
	after, _ := json.Marshal(map[string]string{"window": "1m"})
	s.Record(ctx, kefu.Actor{}, kefu.AuditEntry{OrgID: "", Action: ActionLoginFailedUnknown,
		TargetType: "client", TargetID: ip, After: after})
}

// unknownLogins remembers which client addresses already have an entry this minute.
type unknownLogins struct {
	mu     sync.Mutex
	max    int
	minute int64
	seen   map[string]bool
}

func newUnknownLogins(max int) *unknownLogins {
	if max <= 0 {
		max = 1000
	}
	return &unknownLogins{max: max, seen: map[string]bool{}}
}

// add notes a failure from ip at now; first reports whether it is the first from ip this
// minute and may be recorded, overflow whether the minute's budget of addresses is spent.
func (u *unknownLogins) add(now time.Time, ip string) (first, overflow bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if m := now.Unix() / 60; m != u.minute {
		u.minute, u.seen = m, map[string]bool{}
	}
	if u.seen[ip] {
		return false, false
	}
	if len(u.seen) >= u.max {
		return false, true
	}
	u.seen[ip] = true
	return true, false
}
