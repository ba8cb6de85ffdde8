package masking

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// Store is what privacy needs of the database.
type Store interface {
	GetPIIPatterns(ctx context.Context, orgID string) ([]pii.PatternSpec, error)
	SetPIIPatterns(ctx context.Context, orgID string, specs []pii.PatternSpec) error
	InboxPIIPolicies(ctx context.Context, orgID string) (map[string]kefu.PIIPolicy, error)
}

// Options configure a Service.
type Options struct {
	Store  Store
	Logger *slog.Logger
	// TTL is how long an organisation's settings are cached. A change made on this node drops
	// the cache at once; other nodes see it within TTL. Default 5 seconds.
	TTL time.Duration
	Now func() time.Time
}

// Service caches and changes the organisation's PII settings.
type Service struct {
	store Store
	log   *slog.Logger
	ttl   time.Duration
	now   func() time.Time

	mu   sync.RWMutex
	orgs map[string]*settings
}

// settings are one organisation's PII settings as loaded at loaded.
type settings struct {
	loaded    time.Time
	policies  map[string]kefu.PIIPolicy
	scanner   *pii.Scanner
	anyMask   bool // some inbox masks: the rest of the message path may skip the org otherwise
	anyAtRest bool // some inbox masks at storage
}

// New returns a Service.
func New(opts Options) *Service {
	s := &Service{store: opts.Store, log: opts.Logger, ttl: opts.TTL, now: opts.Now, orgs: map[string]*settings{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ttl <= 0 {
		s.ttl = 5 * time.Second
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Invalidate drops the cached settings of orgID: its next message loads them again.
func (s *Service) Invalidate(orgID string) {
	s.mu.Lock()
	delete(s.orgs, orgID)
	s.mu.Unlock()
}

// Policy returns the policy of an inbox and the scanner of its organisation (built-in kinds and
// the organisation's own patterns).
func (s *Service) Policy(ctx context.Context, orgID, inboxID string) (kefu.PIIPolicy, *pii.Scanner, error) {
	st, err := s.settings(ctx, orgID)
	if err != nil {
		return kefu.PIIOff, nil, err
	}
	p := st.policies[inboxID]
	if p == "" {
		p = kefu.PIIOff
	}
	return p, st.scanner, nil
}

// Scanner returns the scanner of orgID: the built-in kinds and the organisation's own patterns.
func (s *Service) Scanner(ctx context.Context, orgID string) (*pii.Scanner, error) {
	st, err := s.settings(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return st.scanner, nil
}

// AnyMasking reports whether some inbox of orgID masks for agents, and whether some masks at
// storage: false lets the message path skip the organisation without finding its inbox.
func (s *Service) AnyMasking(ctx context.Context, orgID string) (forAgents, atStorage bool, err error) {
	st, err := s.settings(ctx, orgID)
	if err != nil {
		return false, false, err
	}
	return st.anyMask, st.anyAtRest, nil
}

// settings returns orgID's cached settings, loading them when absent or older than the TTL.
func (s *Service) settings(ctx context.Context, orgID string) (*settings, error) {
	s.mu.RLock()
	st := s.orgs[orgID]
	s.mu.RUnlock()
	if st != nil && s.now().Sub(st.loaded) < s.ttl {
		return st, nil
	}
	st, err := s.load(ctx, orgID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.orgs[orgID] = st
	s.mu.Unlock()
	return st, nil
}

// load reads and compiles orgID's settings. Patterns were validated when saved; one that no
// longer compiles (a stricter future limit) is left out and logged rather than stopping messages.
func (s *Service) load(ctx context.Context, orgID string) (*settings, error) {
	policies, err := s.store.InboxPIIPolicies(ctx, orgID)
	if err != nil {
		return nil, err
	}
	specs, err := s.store.GetPIIPatterns(ctx, orgID)
	if err != nil {
		return nil, err
	}
	st := &settings{loaded: s.now(), policies: policies, scanner: s.compile(ctx, orgID, specs)}
	for _, p := range policies {
		st.anyMask = st.anyMask || p.Masks()
		st.anyAtRest = st.anyAtRest || p == kefu.PIIMaskAtStorage
	}
	return st, nil
}

func (s *Service) compile(ctx context.Context, orgID string, specs []pii.PatternSpec) *pii.Scanner {
	patterns := make([]pii.Pattern, 0, len(specs))
	for _, spec := range specs {
		p, err := pii.Compile(spec)
		if err != nil {
			s.log.WarnContext(ctx, "pii pattern skipped", "org_id", orgID, "err", err)
			continue
		}
		patterns = append(patterns, p)
	}
	return pii.NewScanner(patterns)
}
