package auth

import (
	"crypto/rand"
	"encoding/hex"
)

// WidgetKeyPrefix marks a widget key, the public id an embed snippet carries.
const WidgetKeyPrefix = "wk_"

// VerifyIdentityHash reports whether hash is HMAC-SHA256(secret, userID) in hex, as the
// customer's backend computes it to vouch for a logged-in user of their site. The comparison is
// constant-time. An empty secret or user id never verifies.
func VerifyIdentityHash(secret, userID, hash string) bool {
	return verifyHMAC(secret, userID, userID, hash)
}

// NewIdentitySecret returns a new inbox identity secret: 32 random bytes, hex-encoded.
func NewIdentitySecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// NewWidgetKey returns a new widget key: "wk_" and 128 random bits in base64url. It is public
// (it sits in the site's HTML) but unguessable, so inboxes cannot be enumerated.
func NewWidgetKey() string {
	return WidgetKeyPrefix + randomString(16)
}
