package wxcrypto

import (
	"crypto/sha1" //nolint:gosec // SHA-1 is the platforms' signature; we only verify it
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
)

// Signature is the platforms' callback signature: the hex SHA-1 of the parts sorted
// lexicographically (by bytes) and concatenated. The Official Account's plaintext signature
// takes (token, timestamp, nonce); the msg_signature of encrypted mode adds the Encrypt field.
func Signature(parts ...string) string {
	sorted := slices.Clone(parts)
	slices.Sort(sorted)
	sum := sha1.Sum([]byte(strings.Join(sorted, ""))) //nolint:gosec // the platforms' scheme
	return hex.EncodeToString(sum[:])
}

// VerifySignature checks got against the signature of parts in constant time, so the time
// taken leaks nothing about how much of a forged signature was right. The platforms send
// lower-case hex; got is compared as sent.
func VerifySignature(got string, parts ...string) error {
	want := Signature(parts...)
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return ErrSignature
	}
	return nil
}
