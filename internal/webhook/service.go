package webhook

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// Options configure a Service.
type Options struct {
	Store  Store
	Guard  *netguard.Guard // checks URLs when saved; its client delivers
	Logger *slog.Logger    // nil discards
	// MaxAttempts is how many times a delivery is tried before it is dead; 0 = 12 (with the
	// job runner's default backoff, about a day and a half of retries).
	MaxAttempts int
	// Failure says when failing deliveries disable a webhook; zero = 50 consecutive failures
	// or 5 days without a success.
	Failure kefu.WebhookFailurePolicy
	// Notify wakes the job runner after a delivery is queued; nil = wait for its poll.
	Notify func()
	Now    func() time.Time // nil = time.Now
	// Auditor records webhooks created, changed, deleted and resent; nil records nothing.
	Auditor Auditor
}

// Service manages an organisation's webhooks and delivers their events.
type Service struct {
	store  Store
	guard  *netguard.Guard
	client *http.Client
	log    *slog.Logger
	opts   Options
	audit  Auditor
	// wake asks the dispatcher for a pass; idle says it found no enabled webhook last time.
	wake chan struct{}
	idle atomic.Bool
}

// New returns a Service.
func New(opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 12
	}
	if opts.Failure == (kefu.WebhookFailurePolicy{}) {
		opts.Failure = kefu.WebhookFailurePolicy{MaxConsecutive: 50, MaxFailingFor: 5 * 24 * time.Hour}
	}
	if opts.Notify == nil {
		opts.Notify = func() {}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Auditor == nil {
		opts.Auditor = kefu.NoAudit{}
	}
	return &Service{store: opts.Store, guard: opts.Guard, client: opts.Guard.Client(), log: opts.Logger, opts: opts,
		audit: opts.Auditor, wake: make(chan struct{}, 1)}
}

// wakeDispatcher asks for a dispatch pass without blocking.
func (s *Service) wakeDispatcher() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// requireManage lets through agents who may manage webhooks; others of no organisation see
// nothing at all.
func requireManage(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermWebhooksManage) {
		return kefu.Errorf(kefu.CodeForbidden, "managing webhooks needs the webhooks.manage permission")
	}
	return nil
}

// List returns the organisation's webhooks.
func (s *Service) List(ctx context.Context, actor kefu.Actor) ([]kefu.Webhook, error) {
	if err := requireManage(actor); err != nil {
		return nil, err
	}
	return s.store.ListWebhooks(ctx, actor.OrgID)
}

// Get returns one webhook. Another organisation's id is not found before the permission is
// checked, so the answer cannot tell its webhooks from ids that do not exist.
func (s *Service) Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Webhook, error) {
	if !actor.IsAgent() || actor.OrgID == "" {
		return nil, kefu.ErrNotFound
	}
	w, err := s.store.GetWebhook(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	return w, requireManage(actor)
}

// Input is a new webhook.
type Input struct {
	URL         string
	Description string
	Events      []string
	Enabled     *bool // nil = enabled
}

// Create validates and saves a webhook and returns it with its signing secret, which is shown
// this once.
func (s *Service) Create(ctx context.Context, actor kefu.Actor, in Input) (*kefu.Webhook, string, error) {
	if err := requireManage(actor); err != nil {
		return nil, "", err
	}
	w := &kefu.Webhook{OrgID: actor.OrgID, URL: in.URL, Description: in.Description, Events: in.Events, Enabled: true}
	if in.Enabled != nil {
		w.Enabled = *in.Enabled
	}
	if err := s.validate(ctx, w); err != nil {
		return nil, "", err
	}
	secret := NewSecret()
	w.ID = newID()
	if err := s.store.CreateWebhook(s.within(ctx, actor, ActionWebhookCreated, w.ID, nil, auditFields(w)), w, secret); err != nil {
		return nil, "", err
	}
	s.wakeDispatcher() // it may be idle
	s.log.InfoContext(ctx, "webhook created", "org_id", w.OrgID, "webhook_id", w.ID, "by", actor.AgentID)
	return w, secret, nil
}

// Patch changes a webhook; nil fields stay.
type Patch struct {
	URL         *string
	Description *string
	Events      []string // nil = unchanged
	Enabled     *bool
}

// Update applies p to a webhook. Enabling one that repeated failures disabled starts its
// failure count afresh.
func (s *Service) Update(ctx context.Context, actor kefu.Actor, id string, p Patch) (*kefu.Webhook, error) {
	w, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	before := auditFields(w)
	w.URL, w.Description = deref(p.URL, w.URL), deref(p.Description, w.Description)
	w.Enabled = deref(p.Enabled, w.Enabled)
	if p.Events != nil {
		w.Events = p.Events
	}
	if err := s.validate(ctx, w); err != nil {
		return nil, err
	}
	if err := s.store.UpdateWebhook(s.within(ctx, actor, ActionWebhookUpdated, id, before, auditFields(w)), w); err != nil {
		return nil, err
	}
	s.wakeDispatcher()
	return s.store.GetWebhook(ctx, actor.OrgID, id)
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// Delete deletes a webhook and its delivery log.
func (s *Service) Delete(ctx context.Context, actor kefu.Actor, id string) error {
	w, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	return s.store.DeleteWebhook(s.within(ctx, actor, ActionWebhookDeleted, id, auditFields(w), nil), actor.OrgID, id)
}

// validate checks a webhook's fields; the URL must pass the SSRF guard as it resolves now.
func (s *Service) validate(ctx context.Context, w *kefu.Webhook) error {
	switch {
	case len(w.URL) > 2048:
		return kefu.FieldError("url", "the URL is longer than 2048 characters")
	case len([]rune(w.Description)) > 200:
		return kefu.FieldError("description", "the description is longer than 200 characters")
	case len(w.Events) == 0:
		return kefu.FieldError("events", "choose at least one event type")
	}
	seen := map[string]bool{}
	for _, e := range w.Events {
		if !validEventType(e) || seen[e] {
			return kefu.FieldError("events", "%q is not an event type, or is listed twice", e)
		}
		seen[e] = true
	}
	if err := s.guard.CheckURL(ctx, w.URL); err != nil {
		if errors.Is(err, netguard.ErrRefused) {
			return kefu.FieldError("url", "this URL may not be used: %v", err)
		}
		return kefu.FieldError("url", "this URL cannot be reached: %v", err)
	}
	return nil
}
