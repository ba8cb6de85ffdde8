package auth

import (
	"crypto/rand"
	"strings"
)

// recoveryCodeCount is how many recovery codes an agent gets at a time.
const recoveryCodeCount = 10

// recoveryAlphabet has no look-alike characters (0/o, 1/l/i), since people copy these codes
// from paper.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newRecoveryCodes returns fresh codes ("xxxxx-xxxxx", about 49 bits each) and their hashes.
func newRecoveryCodes() (codes []string, hashes [][]byte) {
	for range recoveryCodeCount {
		c := randomCode(5) + "-" + randomCode(5)
		codes = append(codes, c)
		hashes = append(hashes, hashRecoveryCode(c))
	}
	return codes, hashes
}

// randomCode returns n characters drawn uniformly from recoveryAlphabet.
func randomCode(n int) string {
	var b strings.Builder
	for b.Len() < n {
		var one [1]byte
		rand.Read(one[:])
		// Reject the top of the byte range so every character is equally likely.
		if int(one[0]) < 256-256%len(recoveryAlphabet) {
			b.WriteByte(recoveryAlphabet[int(one[0])%len(recoveryAlphabet)])
		}
	}
	return b.String()
}

// hashRecoveryCode hashes a code as typed: case, spaces and dashes do not matter. A fast hash
// suffices: a code has ~49 random bits and guesses are throttled by the sign-in backoff.
func hashRecoveryCode(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
	return HashSecret("recovery:" + norm)
}

// looksLikeRecoveryCode tells a recovery code from a six-digit TOTP code.
func looksLikeRecoveryCode(code string) bool {
	return len(strings.TrimSpace(code)) > totpDigits.Length()
}
