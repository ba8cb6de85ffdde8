package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// failureMemory is how long after its last failure a subject's count is forgotten (and its row
// pruned), so an old burst of typos does not lock a user out on the first mistake next week.
// It is longer than any lockout, so forgetting never ends a lock early.
const failureMemory = time.Hour

// limit is the backoff of one kind of subject: free failures, then a lockout that doubles from
// base with every further failure up to max.
type limit struct {
	free      int
	base, max time.Duration
}

// The limits. Five free failures per account cover typos; after that each failure doubles the
// lockout from one second up to fifteen minutes, which caps online guessing at a few attempts an
// hour per account while a user who typed wrong waits seconds. A client address gets twenty, as
// an office behind one NAT shares it; browsers that signed in to the account before are exempt
// from both and have a counter of their own (see device.go), so an attacker locking an address
// or an account out does not lock out the people who work there.
var (
	accountLimit = limit{free: 5, base: time.Second, max: 15 * time.Minute}
	addressLimit = limit{free: 20, base: time.Second, max: 15 * time.Minute}
	deviceLimit  = accountLimit
)

// lockout is the lock after the n-th consecutive failure: none while free, then base doubling,
// capped.
func (l limit) lockout(n int) time.Duration {
	shift := n - l.free
	switch {
	case shift < 0:
		return 0
	case shift >= 30: // far past any cap; stop before the shift overflows
		return l.max
	}
	return min(l.base<<shift, l.max)
}

// subject is one counter an attempt is checked against and counted on.
type subject struct {
	key    string
	limit  limit
	reason string // logged when this subject refuses an attempt
}

// loginSubjects are the counters of an attempt. A browser carrying a valid known-device cookie
// for the account answers only to that device's counter. Any other attempt counts against the
// client address and the account, or against a keyed hash of the e-mail when no account has it:
// unknown and known e-mails then lock out alike, so the lockout tells nobody which exist, and
// rows for made-up e-mails are bounded by the address limit (a few dozen per address and hour).
func (s *Service) loginSubjects(email string, acct *kefu.Agent, device string, clientIP string) []subject {
	if device != "" {
		return []subject{{key: "device:" + device, limit: deviceLimit, reason: "device_locked"}}
	}
	var subjects []subject
	if addr := addressKey(clientIP); addr != "" {
		subjects = append(subjects, subject{key: "ip:" + addr, limit: addressLimit, reason: "address_locked"})
	}
	key := "email:" + s.emailKey(email)
	if acct != nil {
		key = "account:" + acct.ID
	}
	return append(subjects, subject{key: key, limit: accountLimit, reason: "account_locked"})
}

// emailKey is a keyed hash of a case-folded e-mail: counters of unknown e-mails must not store
// the addresses people mistyped.
func (s *Service) emailKey(email string) string {
	m := hmac.New(sha256.New, s.throttleKey)
	m.Write([]byte(strings.ToLower(email)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// addressKey is the counter key of a client address: the address itself for IPv4, its /64 for
// IPv6, where one host usually holds a whole /64. "" when the address is unknown.
func addressKey(clientIP string) string {
	ip, err := netip.ParseAddr(clientIP)
	if err != nil {
		return ""
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// lockedOut returns the subject whose lockout lasts longest and how long it still lasts; a zero
// duration means the attempt may go ahead.
func (s *Service) lockedOut(ctx context.Context, subjects []subject) (subject, time.Duration, error) {
	rows, err := s.store.LoginFailures(ctx, subjectKeys(subjects))
	if err != nil {
		return subject{}, 0, kefu.Internal(err)
	}
	now := s.now()
	var worst subject
	var longest time.Duration
	for _, row := range rows {
		for _, sub := range subjects {
			if sub.key != row.Subject || now.Sub(row.LastFailedAt) > failureMemory {
				continue
			}
			if d := row.LastFailedAt.Add(sub.limit.lockout(row.Failures)).Sub(now); d > longest {
				worst, longest = sub, d
			}
		}
	}
	return worst, longest, nil
}

// countAttempt counts the attempt as a failure on every subject before its password is
// checked; a success takes the count back (signedIn). Counting first matters: the count is
// atomic, so of any number of concurrent attempts only those within the free failures go
// ahead and the others are refused as if they had found the lock, where checking first would
// let a whole burst of guesses through before the first failure was counted. A failed count
// fails the attempt: unthrottled guessing is worse than a refused sign-in.
func (s *Service) countAttempt(ctx context.Context, subjects []subject) (subject, time.Duration, error) {
	now := s.now()
	for _, sub := range subjects {
		n, prev, err := s.store.AddLoginFailure(ctx, sub.key, now, now.Add(-failureMemory))
		if err != nil {
			return subject{}, 0, kefu.Internal(err)
		}
		// The lock the earlier attempts put in place still holds when the last of them came
		// so recently (typically concurrently) that it has not run out.
		if d := prev.Add(sub.limit.lockout(n - 1)).Sub(now); n > 1 && d > 0 {
			return sub, d, nil
		}
	}
	return subject{}, 0, nil
}

// forgiveAttempt takes back the count of a successful attempt: the account's and the device's
// failures are forgotten, the address loses just this attempt. The address keeps its other
// failures: one valid account must not let its holder reset the address throttle while
// guessing at others, and the successes of an office behind one address must not add up to a
// lockout. A lost update is logged: it costs at most one counted failure.
func (s *Service) forgiveAttempt(ctx context.Context, subjects []subject) {
	var clear []string
	for _, sub := range subjects {
		var err error
		if strings.HasPrefix(sub.key, "ip:") {
			err = s.store.ForgiveLoginFailure(ctx, sub.key)
		} else {
			clear = append(clear, sub.key)
		}
		if err != nil {
			s.log.ErrorContext(ctx, "forgive sign-in attempt", "subject", sub.key, "err", err)
		}
	}
	if err := s.store.ClearLoginFailures(ctx, clear); err != nil {
		s.log.ErrorContext(ctx, "clear failed sign-ins", "subjects", clear, "err", err)
	}
}

// takeBack takes one attempt back from every subject, leaving their earlier failures: the
// password was right, but the sign-in is not over, so failed codes must still count.
func (s *Service) takeBack(ctx context.Context, subjects []subject) {
	for _, sub := range subjects {
		if err := s.store.ForgiveLoginFailure(ctx, sub.key); err != nil {
			s.log.ErrorContext(ctx, "forgive sign-in attempt", "subject", sub.key, "err", err)
		}
	}
}

// PruneLoginFailures deletes the failure counts nobody added to for failureMemory: they lock
// nothing out any more.
func (s *Service) PruneLoginFailures(ctx context.Context, now time.Time) (int64, error) {
	return s.store.DeleteLoginFailuresBefore(ctx, now.Add(-failureMemory))
}

func subjectKeys(subjects []subject) []string {
	keys := make([]string, len(subjects))
	for i, sub := range subjects {
		keys[i] = sub.key
	}
	return keys
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
