// Package sso signs agents in through their organisation's OpenID Connect provider:
// authorization code flow with PKCE, state and nonce, optional just-in-time agent creation and
// a claim → role mapping. Sessions are opened by the auth service, like any other sign-in.
package sso

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is the part of the store SSO needs. *store.Store satisfies it.
type Store interface {
	GetOIDCProvider(ctx context.Context, orgID string) (*kefu.OIDCProvider, error)
	ListOIDCProviders(ctx context.Context) ([]kefu.OIDCProvider, error)
	SaveOIDCProvider(ctx context.Context, p *kefu.OIDCProvider) error
	DeleteOIDCProvider(ctx context.Context, orgID string) error
	GetAgentByEmail(ctx context.Context, email string) (*kefu.Agent, error)
	CreateAgent(ctx context.Context, a *kefu.Agent) error
	UpdateAgent(ctx context.Context, a *kefu.Agent) error
}

// SessionOpener opens sessions for verified identities; *auth.Service is one.
type SessionOpener interface {
	SignInVerified(ctx context.Context, agent *kefu.Agent, client auth.SessionClient) (string, *kefu.Session, error)
}

// Options configure a Service.
type Options struct {
	Store     Store
	Sessions  SessionOpener
	SecretKey []byte // the master secret; the flow cookie's key is derived from it
	// HashPassword hashes the random password of agents created on first sign-in.
	// It is the process's auth.Hasher, so these hashes count against its cap.
	HashPassword func(ctx context.Context, pw string) (string, error)
	// HTTPClient fetches discovery, keys and tokens from providers. nil = a client with
	// timeouts and no redirects to other hosts (see newHTTPClient).
	HTTPClient *http.Client
	Logger     *slog.Logger
	Now        func() time.Time
	// Auditor records the provider set and removed; nil records nothing.
	Auditor Auditor
}

// Service runs single sign-on.
type Service struct {
	store    Store
	sessions SessionOpener
	hash     func(ctx context.Context, pw string) (string, error)
	flowKey  []byte
	client   *http.Client
	log      *slog.Logger
	now      func() time.Time
	audit    Auditor
}

// New returns a Service; it fails without a store, session opener, hasher or strong secret key.
func New(opts Options) (*Service, error) {
	if opts.Store == nil || opts.Sessions == nil || opts.HashPassword == nil || len(opts.SecretKey) < auth.MinSecretKeyLen {
		return nil, errors.New("sso: Store, Sessions, HashPassword and a SecretKey of at least 32 bytes are required")
	}
	s := &Service{store: opts.Store, sessions: opts.Sessions, hash: opts.HashPassword, flowKey: auth.DeriveKey(opts.SecretKey, "sso-flow"),
		client: cmp.Or(opts.HTTPClient, newHTTPClient()), log: opts.Logger, now: opts.Now, audit: opts.Auditor}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.audit == nil {
		s.audit = kefu.NoAudit{}
	}
	return s, nil
}

// newHTTPClient is the client for talking to providers until the SSRF guard (internal/netguard)
// exists: bounded in time and in redirects. It does not yet refuse private addresses; the issuer
// URL is set by an organisation's security admin only.
func newHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
}
