package wxcrypto

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
)

// tokenAlphabet is what the platforms' consoles accept in a callback token.
const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// GenerateToken returns a new 32-character callback token of [A-Za-z0-9], for an inbox whose
// admin left it empty. Bytes at or above the largest multiple of 62 are drawn again, so every
// character is equally likely.
func GenerateToken() string {
	const limit = 256 - 256%len(tokenAlphabet)
	var sb strings.Builder
	buf := make([]byte, 64)
	for sb.Len() < 32 {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails; it crashes the program instead
		for _, b := range buf {
			if int(b) < limit && sb.Len() < 32 {
				sb.WriteByte(tokenAlphabet[int(b)%len(tokenAlphabet)])
			}
		}
	}
	return sb.String()
}

// GenerateEncodingAESKey returns a new EncodingAESKey: 32 random bytes as 43 characters of
// base64 without the padding, the form the platforms' consoles take. The consoles accept only
// letters and digits there, so keys whose base64 has a "+" or "/" are drawn again (about one in
// four has neither, so this takes four draws on average).
func GenerateEncodingAESKey() string {
	key := make([]byte, 32)
	for {
		_, _ = rand.Read(key) // crypto/rand.Read never fails; it crashes the program instead
		s := strings.TrimSuffix(base64.StdEncoding.EncodeToString(key), "=")
		if !strings.ContainsAny(s, "+/") {
			return s
		}
	}
}
