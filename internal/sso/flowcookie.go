package sso

import (
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// flowTTL is how long a browser has between leaving for the provider and coming back.
const flowTTL = 10 * time.Minute

// flowAudience keeps a flow cookie from passing for any other token kefu signs.
const flowAudience = "kefu-sso-flow"

// flow is what kefu remembers of a sign-in between Start and Callback. It travels in an
// HttpOnly cookie, signed, so any node can finish the flow without shared state; it only works
// in the browser that started it, which is what state is for.
type flow struct {
	Org      string `json:"org"`
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"verifier"` // PKCE code verifier
	jwt.RegisteredClaims
}

// sign returns the cookie value of f.
func (s *Service) sign(f flow) (string, error) {
	now := s.now()
	f.Audience = jwt.ClaimStrings{flowAudience}
	f.IssuedAt, f.ExpiresAt = jwt.NewNumericDate(now), jwt.NewNumericDate(now.Add(flowTTL))
	v, err := jwt.NewWithClaims(jwt.SigningMethodHS256, f).SignedString(s.flowKey)
	if err != nil {
		return "", kefu.Internal(err)
	}
	return v, nil
}

// open checks a flow cookie's signature and expiry.
func (s *Service) open(cookie string) (*flow, error) {
	p := jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithAudience(flowAudience), jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.now))
	var f flow
	_, err := p.ParseWithClaims(cookie, &f, func(*jwt.Token) (any, error) { return s.flowKey, nil })
	if err != nil || f.Org == "" || f.State == "" || f.Nonce == "" || f.Verifier == "" {
		return nil, errSignIn("the sign-in took too long or was started in another browser; try again")
	}
	return &f, nil
}

// randomValue returns 32 random bytes as base64url, for state and nonce.
func randomValue() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// errSignIn is the error of a refused SSO sign-in.
func errSignIn(msg string) *kefu.Error { return kefu.Errorf(kefu.CodeUnauthenticated, "%s", msg) }
