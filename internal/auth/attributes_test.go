package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestVerifyAttributesHash signs the canonical form as docs/widget.md tells a host site to, by
// hand, so that a change of the form breaks this test and not only the sites.
func TestVerifyAttributesHash(t *testing.T) {
	secret := NewIdentitySecret()
	attrs := map[string]string{"region": "CN-GD", "level": "vip"}
	sign := func(secret, msg string) string {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(msg))
		return hex.EncodeToString(m.Sum(nil))
	}
	good := sign(secret, "u-42\nlevel=vip\nregion=CN-GD")
	tests := []struct {
		name, secret, user string
		attrs              map[string]string
		hash               string
		want               bool
	}{
		{"valid", secret, "u-42", attrs, good, true},
		{"other user", secret, "u-43", attrs, good, false},
		{"other value", secret, "u-42", map[string]string{"region": "CN-GD", "level": "gold"}, good, false},
		{"extra key", secret, "u-42", map[string]string{"region": "CN-GD", "level": "vip", "plan": "x"}, good, false},
		{"key dropped", secret, "u-42", map[string]string{"level": "vip"}, good, false},
		{"other secret", NewIdentitySecret(), "u-42", attrs, good, false},
		{"unsorted form", secret, "u-42", attrs, sign(secret, "u-42\nregion=CN-GD\nlevel=vip"), false},
		{"identity hash is no attributes hash", secret, "u-42", map[string]string{}, sign(secret, "u-42"), false},
		{"user id with a line break", secret, "u-42\nlevel=vip", map[string]string{"region": "CN-GD"},
			sign(secret, "u-42\nlevel=vip\nregion=CN-GD"), false},
		{"not hex", secret, "u-42", attrs, "zz" + good[2:], false},
		{"empty secret", "", "u-42", attrs, good, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyAttributesHash(tt.secret, tt.user, tt.attrs, tt.hash); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
