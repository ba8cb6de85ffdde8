// Package oidctest is a small OpenID Connect provider for tests: discovery, JWKS, an
// authorization endpoint that signs in a configured user without asking, and a token endpoint
// that checks PKCE. It can be told to misbehave (wrong nonce, wrong issuer) so tests see kefu
// refuse. It is not a real identity provider and must never serve real users.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"sync"
	"time"
)

// User is who the provider signs in.
type User struct {
	Subject string
	Email   string
	Name    string
	Groups  []string
	// Unverified makes the ID token say email_verified: false.
	Unverified bool
}

// Tamper makes the provider misbehave in the next ID tokens it issues.
type Tamper struct {
	Nonce  string // replaces the nonce kefu sent
	Issuer string // replaces the issuer
}

// Provider is the test provider. Issuer must be set to the URL it is served at before use.
type Provider struct {
	Issuer       string
	ClientID     string
	ClientSecret string

	key *rsa.PrivateKey
	now func() time.Time

	mu     sync.Mutex
	user   User
	tamper Tamper
	codes  map[string]grant // authorization code → what it was issued for
}

// grant is what an authorization code stands for.
type grant struct {
	user        User
	clientID    string
	redirectURI string
	nonce       string
	challenge   string
	expires     time.Time
}

// New returns a provider for one client, signing in user.
func New(clientID, clientSecret string, user User) (*Provider, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &Provider{ClientID: clientID, ClientSecret: clientSecret, key: key, now: time.Now,
		user: user, codes: map[string]grant{}}, nil
}

// SetUser changes who the next authorization signs in.
func (p *Provider) SetUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user = u
}

// SetTamper makes the next ID tokens misbehave; the zero Tamper restores good behaviour.
func (p *Provider) SetTamper(t Tamper) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = t
}

// Handler serves the provider's endpoints.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	return mux
}
