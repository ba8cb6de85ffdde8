package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// csrfToken derives a session's CSRF token from the hash of its session token with a key only
// the server holds. Nothing needs storing, so a leaked sessions table (or backup) yields no
// usable CSRF token, and every kefu process derives the same token from the same secret.
func (s *Service) csrfToken(sessionHash []byte) string {
	mac := hmac.New(sha256.New, s.csrfKey)
	mac.Write(sessionHash)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// CheckCSRF reports whether header carries the session's CSRF token, comparing in constant
// time. A missing session, token or header never passes. The session must come from
// Service.Authenticate or Login, which fill in its derived token.
func CheckCSRF(sess *kefu.Session, header string) bool {
	if sess == nil || sess.CSRFToken == "" || header == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(header)) == 1
}
