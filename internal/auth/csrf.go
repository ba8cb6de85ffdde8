package auth

import (
	"crypto/subtle"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// newCSRFToken returns a random per-session CSRF token.
func newCSRFToken() string { return randomString(secretBytes) }

// CheckCSRF reports whether header carries the session's CSRF token, comparing in constant
// time. A missing session, token or header never passes.
func CheckCSRF(sess *kefu.Session, header string) bool {
	if sess == nil || sess.CSRFToken == "" || header == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(header)) == 1
}
