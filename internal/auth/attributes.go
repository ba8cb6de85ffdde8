package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
)

// CanonicalAttributes is the text an attributes_hash signs: the user id, then one "key=value"
// line per attribute, sorted by key, joined with "\n". The user id is part of it so that one
// customer's signed attributes cannot be replayed for another. It is unambiguous only because
// the widget session refuses keys outside [a-z0-9_] and values with control characters (a "\n"
// in a value could otherwise forge a line); VerifyAttributesHash refuses such ids too.
func CanonicalAttributes(userID string, attrs map[string]string) string {
	var b strings.Builder
	b.WriteString(userID)
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		b.WriteString("\n" + k + "=" + attrs[k])
	}
	return b.String()
}

// VerifyAttributesHash reports whether hash is hex HMAC-SHA256(secret, CanonicalAttributes(userID,
// attrs)), compared in constant time. An empty secret, user id or attribute set never verifies:
// with no attributes the canonical text is the bare user id, whose signature is the identity
// hash, which must not double as a signature of attributes. A user id with a line break never
// verifies either, as it could pass for attribute lines.
func VerifyAttributesHash(secret, userID string, attrs map[string]string, hash string) bool {
	if len(attrs) == 0 || strings.ContainsAny(userID, "\r\n") {
		return false
	}
	return verifyHMAC(secret, userID, CanonicalAttributes(userID, attrs), hash)
}

// verifyHMAC reports whether hash is hex HMAC-SHA256(secret, msg), in constant time; an empty
// secret or user id never verifies.
func verifyHMAC(secret, userID, msg, hash string) bool {
	if secret == "" || userID == "" {
		return false
	}
	got, err := hex.DecodeString(hash)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hmac.Equal(got, m.Sum(nil))
}
