package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Prefixes of the opaque secrets kefu issues. The prefix says what a secret is, so a leaked one
// is recognisable (secret scanners, logs) and Authenticate knows where to look it up.
const (
	SessionPrefix  = "kfs_" // agent session
	APITokenPrefix = "kft_" // API token for integrations
)

// secretBytes is the entropy of every opaque secret: 256 bits, well above the 128-bit floor.
const secretBytes = 32

// secretBodyLen is the length of the base64url (unpadded) encoding of secretBytes.
var secretBodyLen = base64.RawURLEncoding.EncodedLen(secretBytes)

// NewSecret returns a new random secret with the given prefix and its SHA-256 hash. Only the
// hash is stored; the plaintext is shown once.
func NewSecret(prefix string) (plaintext string, hash []byte) {
	plaintext = prefix + randomString(secretBytes)
	return plaintext, HashSecret(plaintext)
}

// HashSecret returns the SHA-256 of a secret, the form the database stores and looks up by. A
// plain fast hash is enough: the secrets are random with 256 bits of entropy, not passwords.
func HashSecret(plaintext string) []byte {
	sum := sha256.Sum256([]byte(plaintext))
	return sum[:]
}

// SecretKind returns the prefix (SessionPrefix or APITokenPrefix) of a well-formed secret, or ""
// when plaintext is not one kefu could have issued.
func SecretKind(plaintext string) string {
	for _, p := range []string{SessionPrefix, APITokenPrefix} {
		body, ok := strings.CutPrefix(plaintext, p)
		if ok && len(body) == secretBodyLen && isBase64URL(body) {
			return p
		}
	}
	return ""
}

// randomString returns n random bytes encoded as unpadded base64url.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// isBase64URL reports whether s uses only the base64url alphabet.
func isBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
