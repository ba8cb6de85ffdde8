package admin

import (
	"context"
	"log/slog"
	"strings"
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
	// PermissionsChanged, when set, hears after a committed change whose agents' permissions or
	// conversation scope changed (their role, their custom role's set, their teams, an inbox's
	// teams, the organisation's team scoping, disabling). Revocation closes or re-authorises
	// their open connections from it. It must not block.
	PermissionsChanged func(ctx context.Context, change kefu.PermissionsChange)
}

// Service implements the administration use cases.
type Service struct {
	store     Store
	auth      *auth.Service
	params    auth.PasswordParams
	log       *slog.Logger
	now       func() time.Time
	publicURL string

	onPermsChange func(context.Context, kefu.PermissionsChange)

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
		log: opts.Logger, now: opts.Now, publicURL: opts.PublicURL, onPermsChange: opts.PermissionsChanged,
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

// requireMember fails unless actor is an agent of an organisation. Anything that is not an
// agent gets "not found": to a visitor or an anonymous caller the admin objects do not exist.
func requireMember(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	return nil
}

// requirePerm fails unless actor is an agent holding permission p.
func requirePerm(actor kefu.Actor, p kefu.Permission) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	if !actor.Has(p) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
	}
	return nil
}

// requireGrant fails unless actor holds every permission of granted: nobody grants (to an
// agent, a token or a role) or manages someone holding what they do not hold themselves.
func requireGrant(actor kefu.Actor, granted kefu.PermSet, what string) error {
	if missing := granted &^ actor.Permissions(); missing != 0 {
		return kefu.Errorf(kefu.CodeForbidden, "you may not %s: it needs permissions you do not hold (%s)",
			what, strings.Join(missing.Names(), ", "))
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
