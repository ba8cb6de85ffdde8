package auth

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
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
	// LoginFailures, AddLoginFailure, ClearLoginFailures, ForgiveLoginFailure and
	// DeleteLoginFailuresBefore keep the failed sign-in counters in the database, so every kefu
	// process sees the same lockouts.
	LoginFailures(ctx context.Context, subjects []string) ([]kefu.LoginFailures, error)
	AddLoginFailure(ctx context.Context, subject string, at, forgetBefore time.Time) (count int, previous time.Time, err error)
	ClearLoginFailures(ctx context.Context, subjects []string) error
	ForgiveLoginFailure(ctx context.Context, subject string) error
	DeleteLoginFailuresBefore(ctx context.Context, before time.Time) (int64, error)
	// AgentTeamScope returns the agent's teams and the inboxes attached to them.
	AgentTeamScope(ctx context.Context, orgID, agentID string) (teamIDs, inboxIDs []string, err error)
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
	PasswordParams PasswordParams // zero = DefaultPasswordParams(); ignored when Hasher is set
	// Hasher caps concurrent password hashing; share one with the admin service so the cap
	// holds for the whole process. nil = NewHasher(PasswordParams, 0, 0).
	Hasher *Hasher
	// SessionTTL is how long a session lives after its last use (sliding); zero = DefaultSessionTTL.
	SessionTTL time.Duration
	// Auditor records sign-ins, failed sign-ins, sign-outs and new API tokens; nil records nothing.
	Auditor Auditor
	// VisitorTokenTTL is the lifetime of a visitor token; zero = DefaultVisitorTokenTTL.
	VisitorTokenTTL time.Duration
	// Revoker announces ended sessions so that their open connections close; nil = none.
	Revoker *Revoker
	// TwoFactor stores TOTP enrolments and recovery codes; nil = two-factor sign-in is off.
	TwoFactor TwoFactorStore
	// Erased tells erased contacts, whose visitor tokens stop working; nil = no check.
	Erased ErasedContacts
}

// ErasedContacts reports whether a contact was erased (a data subject request); *store.Store
// satisfies it.
type ErasedContacts interface {
	ContactErased(ctx context.Context, orgID, id string) (bool, error)
}

// Service authenticates agents, API tokens and visitors.
type Service struct {
	store      Store
	audit      Auditor
	log        *slog.Logger
	now        func() time.Time
	hasher     *Hasher
	sessionTTL time.Duration
	visitorTTL time.Duration
	visitorKey []byte
	revoker    *Revoker
	erased     ErasedContacts
	csrfKey    []byte
	// throttleKey hashes unknown e-mails for their failure counters; deviceKey signs
	// known-device cookies.
	throttleKey []byte
	deviceKey   []byte
	twoFactor   TwoFactorStore
	// challengeKey signs second-step challenges; derived, so it says nothing about other keys.
	challengeKey []byte
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
		hasher:       opts.Hasher,
		sessionTTL:   cmp.Or(opts.SessionTTL, DefaultSessionTTL),
		visitorTTL:   cmp.Or(opts.VisitorTokenTTL, DefaultVisitorTokenTTL),
		visitorKey:   DeriveKey(opts.SecretKey, "visitor-token"),
		csrfKey:      DeriveKey(opts.SecretKey, "csrf-token"),
		throttleKey:  DeriveKey(opts.SecretKey, "login-throttle"),
		deviceKey:    DeriveKey(opts.SecretKey, "known-device"),
		revoker:      opts.Revoker,
		erased:       opts.Erased,
		twoFactor:    opts.TwoFactor,
		challengeKey: DeriveKey(opts.SecretKey, "two-factor-challenge"),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.hasher == nil {
		s.hasher = NewHasher(opts.PasswordParams, 0, 0)
	}
	s.audit = opts.Auditor
	if s.audit == nil {
		s.audit = kefu.NoAudit{}
	}
	return s, nil
}

// Hasher is the service's password hasher, for creating and changing passwords under the same
// concurrency cap as logins.
func (s *Service) Hasher() *Hasher { return s.hasher }

// errUnauthenticated is the one answer to any bad credential, so callers learn nothing about
// which part was wrong.
func errUnauthenticated() *kefu.Error {
	return kefu.Errorf(kefu.CodeUnauthenticated, "invalid or expired credentials")
}
