package sso

import (
	"context"
	"crypto/subtle"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// CallbackPath is where providers send the browser back; register it at the provider as
// <public URL>/api/v1/auth/sso/callback.
const CallbackPath = "/api/v1/auth/sso/callback"

// Started is where to send the browser, and the flow cookie to set first.
type Started struct {
	AuthURL string
	Cookie  string
}

// Start begins a sign-in with orgID's provider. baseURL is kefu's public URL, for the callback.
func (s *Service) Start(ctx context.Context, orgID, baseURL string) (*Started, error) {
	p, op, err := s.connect(ctx, orgID)
	if err != nil {
		return nil, err
	}
	f := flow{Org: orgID, State: randomValue(), Nonce: randomValue(), Verifier: oauth2.GenerateVerifier()}
	cookie, err := s.sign(f)
	if err != nil {
		return nil, err
	}
	u := oauthConfig(p, op, baseURL).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return &Started{AuthURL: u, Cookie: cookie}, nil
}

// Callback finishes a sign-in: it checks state against the flow cookie, exchanges the code
// with the PKCE verifier, verifies the ID token (signature, issuer, audience, expiry, nonce)
// and opens a session for the agent it names.
func (s *Service) Callback(ctx context.Context, cookie, state, code, baseURL string, client auth.SessionClient) (string, *kefu.Session, error) {
	f, err := s.open(cookie)
	if err != nil {
		return "", nil, err
	}
	if subtle.ConstantTimeCompare([]byte(f.State), []byte(state)) != 1 || code == "" {
		return "", nil, errSignIn("the sign-in answer does not belong to this browser's sign-in; try again")
	}
	p, op, err := s.connect(ctx, f.Org)
	if err != nil {
		return "", nil, err
	}
	claims, err := s.verifiedClaims(ctx, p, op, f, code, baseURL)
	if err != nil {
		return "", nil, err
	}
	agent, err := s.agentFor(ctx, p, claims)
	if err != nil {
		return "", nil, err
	}
	return s.sessions.SignInVerified(ctx, agent, client)
}

// connect loads orgID's enabled provider and its discovery document.
func (s *Service) connect(ctx context.Context, orgID string) (*kefu.OIDCProvider, *oidc.Provider, error) {
	p, err := s.store.GetOIDCProvider(ctx, orgID)
	if kefu.IsNotFound(err) || (err == nil && !p.Enabled) {
		return nil, nil, kefu.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, s.client), p.Issuer)
	if err != nil {
		s.log.WarnContext(ctx, "sso discovery failed", "org_id", orgID, "issuer", p.Issuer, "err", err)
		return nil, nil, kefu.Errorf(kefu.CodeUnavailable, "the sign-in provider cannot be reached")
	}
	return p, op, nil
}

func oauthConfig(p *kefu.OIDCProvider, op *oidc.Provider, baseURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: baseURL + CallbackPath, Scopes: append([]string{oidc.ScopeOpenID}, p.Scopes...),
	}
}

// verifiedClaims exchanges code and returns the claims of the verified ID token.
func (s *Service) verifiedClaims(ctx context.Context, p *kefu.OIDCProvider, op *oidc.Provider, f *flow, code, baseURL string) (map[string]any, error) {
	ctx = oidc.ClientContext(ctx, s.client)
	tok, err := oauthConfig(p, op, baseURL).Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		s.log.WarnContext(ctx, "sso code exchange failed", "org_id", f.Org, "err", err)
		return nil, errSignIn("the sign-in provider refused the sign-in; try again")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil {
		s.log.WarnContext(ctx, "sso id token refused", "org_id", f.Org, "err", err)
		return nil, errSignIn("the sign-in provider's answer could not be verified")
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		s.log.WarnContext(ctx, "sso nonce mismatch", "org_id", f.Org)
		return nil, errSignIn("the sign-in provider's answer could not be verified")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, errSignIn("the sign-in provider's answer could not be read")
	}
	return claims, nil
}
