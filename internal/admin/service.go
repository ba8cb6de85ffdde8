package admin

import (
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Options configure a Service.
type Options struct {
	Store Store
	// Auth creates API tokens; only CreateAPIToken needs it, so the CLI may leave it nil.
	Auth           *auth.Service
	PasswordParams auth.PasswordParams // zero = auth.DefaultPasswordParams()
	Logger         *slog.Logger        // nil discards
	Now            func() time.Time    // nil = time.Now
	// PublicURL is the external base URL embed snippets point at; "" = the caller supplies one.
	PublicURL string
	// InboxChanged hears of a change to an inbox's PII policy, so that caches of it (privacy's)
	// drop it at once on this node; nil = nobody listens.
	InboxChanged func(orgID string)
}

// Service implements the administration use cases.
type Service struct {
	store     Store
	auth      *auth.Service
	params    auth.PasswordParams
	log       *slog.Logger
	now       func() time.Time
	publicURL string
	onInbox   func(orgID string)

	// setupMu serialises first-run setup, and ownerMu the changes that could remove the last
	// active owner, so two concurrent requests on this node cannot both pass the check. The store
	// has no conditional update for either; across nodes the window remains (rare: it needs two
	// admins racing on the same rule at the same moment).
	setupMu sync.Mutex
	ownerMu sync.Mutex
}

// New returns a Service.
func New(opts Options) *Service {
	s := &Service{
		store: opts.Store, auth: opts.Auth, params: opts.PasswordParams,
		log: opts.Logger, now: opts.Now, publicURL: opts.PublicURL, onInbox: opts.InboxChanged,
	}
	if s.params == (auth.PasswordParams{}) {
		s.params = auth.DefaultPasswordParams()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// inboxChanged tells the listener, if any, that an inbox of orgID changed its PII policy.
func (s *Service) inboxChanged(orgID string) {
	if s.onInbox != nil {
		s.onInbox(orgID)
	}
}

// requireAgent fails unless actor is an agent of at least role min. Anything that is not an
// agent gets "not found": to a visitor or an anonymous caller the admin objects do not exist.
func requireAgent(actor kefu.Actor, min kefu.Role) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Role.AtLeast(min) {
		return errForbidden()
	}
	return nil
}

// errForbidden is the answer to a visible object the actor's role may not change.
func errForbidden() *kefu.Error {
	return kefu.Errorf(kefu.CodeForbidden, "your role may not do this")
}

// hashPassword validates a new password against the policy and hashes it.
func (s *Service) hashPassword(field, pw string) (string, error) {
	if err := auth.ValidatePassword(pw); err != nil {
		return "", renameField(err, field)
	}
	h, err := auth.HashPassword(pw, s.params)
	if err != nil {
		return "", kefu.Internal(err)
	}
	return h, nil
}
