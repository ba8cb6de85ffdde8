package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func newVisitorService(t *testing.T, clock *fakeClock) *Service {
	t.Helper()
	s, err := NewService(Options{Store: newMemStore(), Now: clock.Now, SecretKey: []byte(strings.Repeat("s", 32))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVisitorTokenRoundTrip(t *testing.T) {
	clock := newFakeClock()
	s := newVisitorService(t, clock)
	tok, exp, err := s.IssueVisitorToken("org1", "inbox1", "contact1")
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().Add(DefaultVisitorTokenTTL); !exp.Equal(want) {
		t.Fatalf("got expiry %s, want %s", exp, want)
	}
	got, err := s.ParseVisitorToken(tok)
	want := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "org1", InboxID: "inbox1", ContactID: "contact1"}
	if err != nil || got != want {
		t.Fatalf("got %+v, %v, want %+v", got, err, want)
	}
	if _, _, err := s.IssueVisitorToken("org1", "", "contact1"); err == nil {
		t.Fatal("got nil error issuing a token without inbox, want error")
	}
}

func TestVisitorTokenExpiry(t *testing.T) {
	clock := newFakeClock()
	s := newVisitorService(t, clock)
	tok, _, _ := s.IssueVisitorToken("org1", "inbox1", "contact1")
	clock.Advance(DefaultVisitorTokenTTL + 29*time.Second)
	if _, err := s.ParseVisitorToken(tok); err != nil {
		t.Fatalf("within leeway got %v, want nil", err)
	}
	clock.Advance(2 * time.Second)
	if _, err := s.ParseVisitorToken(tok); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		t.Fatalf("past leeway got %v, want unauthenticated", err)
	}
}

func TestVisitorTokenRejects(t *testing.T) {
	clock := newFakeClock()
	s := newVisitorService(t, clock)
	now := clock.Now()
	valid := visitorClaims{Org: "o", Inbox: "i", RegisteredClaims: jwt.RegisteredClaims{
		Issuer: "kefu", Audience: jwt.ClaimStrings{"widget"}, Subject: "c",
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}}
	sign := func(m jwt.SigningMethod, c visitorClaims, key any) string {
		tok, err := jwt.NewWithClaims(m, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	edit := func(f func(*visitorClaims)) visitorClaims { c := valid; f(&c); return c }
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	good := sign(jwt.SigningMethodHS256, valid, s.visitorKey)
	if _, err := s.ParseVisitorToken(good); err != nil {
		t.Fatalf("control token got %v, want nil", err)
	}
	parts := strings.Split(good, ".")
	otherOrg, _ := json.Marshal(edit(func(c *visitorClaims) { c.Org = "other" }))
	tampered := base64.RawURLEncoding.EncodeToString(otherOrg)
	tests := []struct{ name, token string }{
		{"empty", ""},
		{"garbage", "not-a-jwt"},
		{"tampered payload", parts[0] + "." + tampered + "." + parts[2]},
		{"tampered signature", parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))},
		{"master key instead of derived", sign(jwt.SigningMethodHS256, valid, []byte(strings.Repeat("s", 32)))},
		{"other key", sign(jwt.SigningMethodHS256, valid, []byte(strings.Repeat("x", 32)))},
		{"alg none", sign(jwt.SigningMethodNone, valid, jwt.UnsafeAllowNoneSignatureType)},
		{"alg HS512", sign(jwt.SigningMethodHS512, valid, s.visitorKey)},
		{"alg RS256", sign(jwt.SigningMethodRS256, valid, rsaKey)},
		{"wrong issuer", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.Issuer = "evil" }), s.visitorKey)},
		{"wrong audience", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.Audience = jwt.ClaimStrings{"api"} }), s.visitorKey)},
		{"no expiry", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.ExpiresAt = nil }), s.visitorKey)},
		{"expired", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) }), s.visitorKey)},
		{"issued in the future", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Minute)) }), s.visitorKey)},
		{"no subject", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.Subject = "" }), s.visitorKey)},
		{"no org", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.Org = "" }), s.visitorKey)},
		{"no inbox", sign(jwt.SigningMethodHS256, edit(func(c *visitorClaims) { c.Inbox = "" }), s.visitorKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := s.ParseVisitorToken(tt.token)
			if kefu.ErrorCode(err) != kefu.CodeUnauthenticated || a != (kefu.Actor{}) {
				t.Fatalf("got %+v, %v, want zero actor and unauthenticated", a, err)
			}
		})
	}
}
