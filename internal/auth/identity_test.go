package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestVerifyIdentityHash(t *testing.T) {
	secret := NewIdentitySecret()
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("user-42"))
	good := hex.EncodeToString(m.Sum(nil))
	tests := []struct {
		name, secret, user, hash string
		want                     bool
	}{
		{"valid", secret, "user-42", good, true},
		{"uppercase hex", secret, "user-42", strings.ToUpper(good), true},
		{"other user", secret, "user-43", good, false},
		{"other secret", NewIdentitySecret(), "user-42", good, false},
		{"truncated", secret, "user-42", good[:62], false},
		{"not hex", secret, "user-42", "zz" + good[2:], false},
		{"empty hash", secret, "user-42", "", false},
		{"empty secret", "", "user-42", good, false},
		{"empty user", secret, "", good, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyIdentityHash(tt.secret, tt.user, tt.hash); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNewIdentitySecretAndWidgetKey(t *testing.T) {
	s1, s2 := NewIdentitySecret(), NewIdentitySecret()
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(s1) || s1 == s2 {
		t.Fatalf("got %q and %q, want two different 64-char hex secrets", s1, s2)
	}
	k1, k2 := NewWidgetKey(), NewWidgetKey()
	if !regexp.MustCompile(`^wk_[A-Za-z0-9_-]{22}$`).MatchString(k1) || k1 == k2 {
		t.Fatalf("got %q and %q, want two different wk_ keys with 128 random bits", k1, k2)
	}
}

func TestCheckCSRF(t *testing.T) {
	sess := &kefu.Session{CSRFToken: randomString(secretBytes)}
	tests := []struct {
		name   string
		sess   *kefu.Session
		header string
		want   bool
	}{
		{"match", sess, sess.CSRFToken, true},
		{"mismatch", sess, randomString(secretBytes), false},
		{"prefix", sess, sess.CSRFToken[:10], false},
		{"empty header", sess, "", false},
		{"nil session", nil, "x", false},
		{"session without token", &kefu.Session{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckCSRF(tt.sess, tt.header); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCSRFTokenDerived checks the CSRF token is a keyed function of the session: stable for one
// server secret (every process agrees), different per session and per secret.
func TestCSRFTokenDerived(t *testing.T) {
	newSvc := func(key string) *Service {
		svc, err := NewService(Options{Store: newMemStore(), SecretKey: []byte(key)})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := newSvc("0123456789abcdef0123456789abcdef"), newSvc("0123456789abcdef0123456789abcdef")
	other := newSvc("fedcba9876543210fedcba9876543210")
	h1, h2 := HashSecret("kfs_one"), HashSecret("kfs_two")
	if a.csrfToken(h1) != b.csrfToken(h1) || len(a.csrfToken(h1)) < 40 {
		t.Fatalf("got %q and %q, want one token of at least 40 characters from one secret", a.csrfToken(h1), b.csrfToken(h1))
	}
	if a.csrfToken(h1) == a.csrfToken(h2) || a.csrfToken(h1) == other.csrfToken(h1) {
		t.Fatal("want different tokens for different sessions and different secrets")
	}
}
