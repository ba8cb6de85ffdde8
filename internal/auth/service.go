package auth

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is the part of the store auth needs. *store.Store satisfies it; tests may use the real
// store or a fake. Getters return kefu.ErrNotFound for missing rows.
type Store interface {
	GetAgentByEmail(ctx context.Context, email string) (*kefu.Agent, error)
	GetAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error)
	CreateSession(ctx context.Context, s *kefu.Session) error
	GetSessionAgent(ctx context.Context, hash []byte) (*kefu.Session, *kefu.Agent, error)
	TouchSession(ctx context.Context, hash []byte, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteOtherAgentSessions(ctx context.Context, orgID, agentID string, keepHash []byte) error
	CreateAPIToken(ctx context.Context, t *kefu.APIToken) error
	GetAPITokenByHash(ctx context.Context, hash []byte) (*kefu.APIToken, error)
	TouchAPIToken(ctx context.Context, id string, at time.Time) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
	ListAgentSessions(ctx context.Context, orgID, agentID string) ([]kefu.Session, error)
	ListAPITokens(ctx context.Context, orgID string) ([]kefu.APIToken, error)
}

// Defaults for Options left zero.
const (
	DefaultSessionTTL      = 7 * 24 * time.Hour
	DefaultVisitorTokenTTL = 24 * time.Hour
)

// touchEvery limits last-seen writes to one a minute per session or token, so authenticating
// every request does not turn every read into a database write.
const touchEvery = time.Minute

// Options configure a Service.
type Options struct {
	Store  Store
	Logger *slog.Logger     // nil discards
	Now    func() time.Time // nil = time.Now; tests inject a clock
	// SecretKey is the master secret (LoadOrCreateSecretKey); keys are derived from it per use.
	SecretKey      []byte
	PasswordParams PasswordParams // zero = DefaultPasswordParams()
	// SessionTTL is how long a session lives after its last use (sliding); zero = DefaultSessionTTL.
	SessionTTL time.Duration
	// VisitorTokenTTL is the lifetime of a visitor token; zero = DefaultVisitorTokenTTL.
	VisitorTokenTTL time.Duration
	// MaxBackoffEntries bounds the login backoff map; zero = 100,000.
	MaxBackoffEntries int
	// Revoker announces ended sessions so that their open connections close; nil = none.
	Revoker *Revoker
	// TwoFactor stores TOTP enrolments and recovery codes; nil = two-factor sign-in is off.
	TwoFactor TwoFactorStore
}

// Service authenticates agents, API tokens and visitors.
type Service struct {
	store      Store
	log        *slog.Logger
	now        func() time.Time
	params     PasswordParams
	sessionTTL time.Duration
	visitorTTL time.Duration
	visitorKey []byte
	backoff    *backoff
	revoker    *Revoker
	twoFactor  TwoFactorStore
	// challengeKey signs second-step challenges; derived, so it says nothing about other keys.
	challengeKey []byte

	// dummyHash is verified against when the email is unknown, so that case takes as long as
	// a wrong password. It is computed once, on first need, to keep NewService cheap.
	dummyOnce sync.Once
	dummyHash string
}

// NewService returns a Service. It fails when the store or a strong secret key is missing.
func NewService(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("auth: Options.Store is required")
	}
	if len(opts.SecretKey) < MinSecretKeyLen {
		return nil, errors.New("auth: Options.SecretKey must be at least 32 bytes")
	}
	s := &Service{
		store:        opts.Store,
		log:          opts.Logger,
		now:          opts.Now,
		params:       opts.PasswordParams,
		sessionTTL:   cmp.Or(opts.SessionTTL, DefaultSessionTTL),
		visitorTTL:   cmp.Or(opts.VisitorTokenTTL, DefaultVisitorTokenTTL),
		visitorKey:   DeriveKey(opts.SecretKey, "visitor-token"),
		revoker:      opts.Revoker,
		twoFactor:    opts.TwoFactor,
		challengeKey: DeriveKey(opts.SecretKey, "two-factor-challenge"),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.params == (PasswordParams{}) {
		s.params = DefaultPasswordParams()
	}
	s.backoff = newBackoff(s.now, cmp.Or(opts.MaxBackoffEntries, defaultBackoffEntries))
	return s, nil
}

// HashPassword hashes pw with the service's parameters, for creating and changing passwords.
func (s *Service) HashPassword(pw string) (string, error) { return HashPassword(pw, s.params) }

// errUnauthenticated is the one answer to any bad credential, so callers learn nothing about
// which part was wrong.
func errUnauthenticated() *kefu.Error {
	return kefu.Errorf(kefu.CodeUnauthenticated, "invalid or expired credentials")
}
