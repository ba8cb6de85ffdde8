package admin

import (
	"context"
	"errors"
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
	// Auditor records every change made here in the audit log; nil records nothing.
	Auditor Auditor
	// Auth creates API tokens; only CreateAPIToken needs it, so the CLI may leave it nil.
	Auth           *auth.Service
	PasswordParams auth.PasswordParams // zero = auth.DefaultPasswordParams(); ignored when Hasher is set
	// Hasher caps concurrent password hashing; pass the auth service's so logins, password
	// changes and new agents share one cap. nil = auth.NewHasher(PasswordParams, 0, 0).
	Hasher *auth.Hasher
	// PasswordPolicy is what new passwords must meet; zero = auth's defaults.
	PasswordPolicy auth.PasswordPolicy
	Logger         *slog.Logger     // nil discards
	Now            func() time.Time // nil = time.Now
	// PublicURL is the external base URL embed snippets point at; "" = the caller supplies one.
	PublicURL string
	// Revoker closes the open connections of agents signed out or whose role changed; nil = none
	// (the CLI: connections then end at their next credential check).
	Revoker *auth.Revoker
	// InboxChanged hears of a change to an inbox's PII policy, so that caches of it (privacy's)
	// drop it at once on this node; nil = nobody listens.
	InboxChanged func(orgID string)
	// PermissionsChanged, when set, hears after a committed change whose agents' permissions or
	// conversation scope changed (their role, their custom role's set, their teams, an inbox's
	// teams, the organisation's team scoping, disabling). Revocation closes or re-authorises
	// their open connections from it. It must not block.
	PermissionsChanged func(ctx context.Context, change kefu.PermissionsChange)
	// RoutingChanged hears, after a committed change, that what routing decides from changed
	// for the organisation: its routing rules, an agent's skills, languages or capacity, an
	// inbox's routing settings, or the organisation's accept timeout. The router drops cached
	// rules and may drain the queue. It must not block; nil = nobody listens.
	RoutingChanged func(orgID string)
	// Channels checks and completes channel inboxes' configuration before they are saved
	// (the adapters' channel.Configurer); nil = nothing beyond kefu's own checks.
	Channels ChannelConfigurer
}

// Service implements the administration use cases.
type Service struct {
	store     Store
	audit     Auditor
	auth      *auth.Service
	hasher    *auth.Hasher
	policy    auth.PasswordPolicy
	log       *slog.Logger
	now       func() time.Time
	publicURL string
	revoker   *auth.Revoker
	onInbox   func(orgID string)

	onPermsChange func(context.Context, kefu.PermissionsChange)
	onRouting     func(orgID string)
	channels      ChannelConfigurer

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
		store: opts.Store, auth: opts.Auth, hasher: opts.Hasher, policy: opts.PasswordPolicy,
		log: opts.Logger, now: opts.Now, publicURL: opts.PublicURL, revoker: opts.Revoker, onInbox: opts.InboxChanged,
		onPermsChange: opts.PermissionsChanged, onRouting: opts.RoutingChanged, channels: opts.Channels,
	}
	if s.hasher == nil {
		s.hasher = auth.NewHasher(opts.PasswordParams, 0, 0)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.audit = opts.Auditor
	if s.audit == nil {
		s.audit = kefu.NoAudit{}
	}
	return s
}

// inboxChanged tells the listener, if any, that an inbox of orgID changed its PII policy.
func (s *Service) inboxChanged(orgID string) {
	if s.onInbox != nil {
		s.onInbox(orgID)
	}
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

// hashPassword checks a new password of the account with email against the policy of its
// organisation (orgID "" while the organisation is being created) and hashes it.
func (s *Service) hashPassword(ctx context.Context, field, pw, email, orgID string) (string, error) {
	if err := s.checkPassword(ctx, field, pw, email, orgID); err != nil {
		return "", err
	}
	return s.hashPasswordUnchecked(ctx, pw)
}

// checkPassword applies the password policy: the server's, with the organisation's minimum
// length when it sets a higher one. Failures name field.
func (s *Service) checkPassword(ctx context.Context, field, pw, email, orgID string) error {
	policy := s.policy
	if orgID != "" {
		org, err := s.store.GetOrg(ctx, orgID)
		if err != nil {
			return err
		}
		policy = policy.AtLeast(org.Settings.PasswordMinLength)
	}
	if err := policy.Check(pw, email); err != nil {
		return renameField(err, field)
	}
	return nil
}

// hashPasswordUnchecked hashes a password that already passed checkPassword.
func (s *Service) hashPasswordUnchecked(ctx context.Context, pw string) (string, error) {
	h, err := s.hasher.Hash(ctx, pw)
	if err != nil {
		return "", hashError(err)
	}
	return h, nil
}

// hashError passes the hasher's overloaded answer (and a caller's cancellation) through and
// turns anything else into internal.
func hashError(err error) error {
	if kefu.ErrorCode(err) == kefu.CodeOverloaded || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return kefu.Internal(err)
}
