package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestNewSecret(t *testing.T) {
	for _, prefix := range []string{SessionPrefix, APITokenPrefix} {
		t.Run(prefix, func(t *testing.T) {
			a, ha := NewSecret(prefix)
			b, _ := NewSecret(prefix)
			if !strings.HasPrefix(a, prefix) || len(a) != len(prefix)+43 {
				t.Fatalf("got %q, want %s and 43 base64url characters", a, prefix)
			}
			if a == b {
				t.Fatalf("got the same secret twice: %q", a)
			}
			if !bytes.Equal(ha, HashSecret(a)) || len(ha) != 32 {
				t.Fatalf("got hash %x, want SHA-256 of the plaintext", ha)
			}
			if got := SecretKind(a); got != prefix {
				t.Fatalf("got kind %q, want %q", got, prefix)
			}
		})
	}
}

func TestSecretKind(t *testing.T) {
	body := strings.Repeat("A", 43)
	tests := []struct{ name, in, want string }{
		{"session", "kfs_" + body, SessionPrefix},
		{"token", "kft_" + body, APITokenPrefix},
		{"unknown prefix", "kfx_" + body, ""},
		{"short", "kfs_" + body[1:], ""},
		{"long", "kfs_" + body + "A", ""},
		{"bad alphabet", "kfs_" + body[1:] + "+", ""},
		{"padding", "kfs_" + body[1:] + "=", ""},
		{"empty", "", ""},
		{"prefix only", "kft_", ""},
		{"jwt", "eyJhbGciOiJIUzI1NiJ9.e30.x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SecretKind(tt.in); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
