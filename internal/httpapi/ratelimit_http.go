package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// limiters are the server's per-client budgets (RateLimits), one keyed limiter each.
type limiters struct {
	ip, sessions, visitor, uploads, token *keyedLimiter
}

func newLimiters(rl RateLimits) *limiters {
	return &limiters{
		ip: newKeyedLimiter(rl.IP, rl.MaxKeys), sessions: newKeyedLimiter(rl.Sessions, rl.MaxKeys),
		visitor: newKeyedLimiter(rl.Visitor, rl.MaxKeys), uploads: newKeyedLimiter(rl.Uploads, rl.MaxKeys),
		token: newKeyedLimiter(rl.Token, rl.MaxKeys),
	}
}

// rateLimit refuses a client over its budget with 429 rate_limited and a Retry-After of when
// its next request would be allowed. It runs after authenticate, which says who the client is,
// and before any body is read, so a refused request costs next to nothing.
func (s *server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d := s.limits.wait(r, time.Now()); d > 0 {
			s.metrics.rateLimited.Inc()
			err := &kefu.Error{Code: kefu.CodeRateLimited, Message: "too many requests from this client; retry after Retry-After seconds", RetryAfter: d}
			problem.From(s.log, err).Write(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// wait charges the request to its client's budgets and returns how long the client must wait,
// 0 when it may go ahead. An API token and a visitor are each their own client wherever they
// connect from; a request without valid credentials is its address's. Signed-in agents (the
// workspace) are not limited here.
func (l *limiters) wait(r *http.Request, now time.Time) time.Duration {
	c := callerFrom(r.Context())
	switch {
	case c.err == nil && c.actor.TokenID != "":
		return l.token.wait(c.actor.TokenID, now)
	case c.err == nil && c.actor.IsVisitor():
		key := c.actor.InboxID + "/" + c.actor.ContactID
		if d := l.visitor.wait(key, now); d > 0 || !isUpload(r) {
			return d
		}
		return l.uploads.wait(key, now)
	case c.err == nil && c.actor.IsAgent():
		return 0
	}
	ip := clientIPFrom(r.Context())
	if d := l.ip.wait(ip, now); d > 0 || !isSessionOpen(r) {
		return d
	}
	return l.sessions.wait(ip, now)
}

func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/attachments")
}

func isSessionOpen(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/api/v1/widget/sessions"
}
